// The request for a merge by the model: a strict "rewrite this region with the
// change applied, output only code" prompt, and the region itself as the
// predicted output where the provider takes one.
import type { ChatMessage, ChatRequest } from '../../providers/types';

export interface MergePromptInput {
  /** Workspace-relative path or file name, for the model's orientation. */
  path: string;
  languageId: string;
  /** The region of the file to rewrite, as it is now. */
  region: string;
  /** The chat's code block to merge in (Smart Apply) ... */
  block?: string;
  /** ... or the user's instruction (inline edit). */
  instruction?: string;
  /** Whether the region is the whole file. */
  wholeFile: boolean;
}

const RULES = [
  'You rewrite one region of a source file. Output only the rewritten region: no code fences, no explanation, nothing before or after it.',
  'Keep every line the change does not touch exactly as it is: comments, blank lines, indentation, order.',
  'Where the proposed change says code was left out (comments like "... existing code ..."), keep the region\'s own lines there; never copy such comments into the result.',
  'Start with the region\'s first line and end with its last line unless the change replaces them.',
].join('\n');

export function buildMergeMessages(input: MergePromptInput): ChatMessage[] {
  const what = input.wholeFile ? 'the whole file' : 'a region of the file';
  const parts = [`File: ${input.path} (${input.languageId}). Below is ${what}.`, '<region>', input.region, '</region>'];
  if (input.block !== undefined) {
    parts.push('Apply this proposed change to the region:', '<change>', input.block, '</change>');
  }
  if (input.instruction !== undefined) parts.push('Edit the region as follows:', '<instruction>', input.instruction, '</instruction>');
  parts.push('Rewrite the region with the change applied. Output only code.');
  return [
    { role: 'system', content: RULES },
    { role: 'user', content: parts.join('\n') },
  ];
}

/** Providers that document predicted outputs on chat completions. */
const PREDICTION_PRESETS = new Set(['openai', 'cerebras']);

export function takesPrediction(presetId: string): boolean {
  return PREDICTION_PRESETS.has(presetId);
}

export function buildMergeRequest(input: MergePromptInput, presetId: string, maxTokens: number): ChatRequest {
  const request: ChatRequest = { messages: buildMergeMessages(input), temperature: 0, maxTokens };
  if (takesPrediction(presetId)) request.prediction = input.region;
  return request;
}
