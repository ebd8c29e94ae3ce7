// Turns a conversation and the attached context into chat messages that fit a
// token budget. Priority when space runs out: the system prompt and the new
// prompt always go; then the new prompt's context (cut if it must be); then
// earlier turns, newest first, with their attached files dropped before the
// turns themselves. Roles always alternate (user, assistant, user, …): chat templates
// that require it (Mistral, Gemma, Llama 2 style) reject anything else.
import type { ChatMessage } from '../../providers/types';
import { CHARS_PER_TOKEN, estimateTokens } from '../../shared/tokens';
import type { ContextBlock } from './contextBlock';
import type { StoredMessage } from './conversation';

export type { ContextBlock };

export const DEFAULT_SYSTEM_PROMPT = [
  'You are a coding assistant inside the VS Code editor.',
  'Answer in Markdown. Put code in fenced code blocks tagged with their language.',
  'When you change code the user attached, give the complete changed code so it can be applied as is.',
  'Be direct and brief unless asked for detail.',
].join(' ');

/** Tokens a chat template adds around each message's content. */
const MESSAGE_OVERHEAD_TOKENS = 4;

function fenceFor(text: string): string {
  let longest = 0;
  for (const run of text.match(/`{3,}/g) ?? []) longest = Math.max(longest, run.length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function formatContextBlock(block: ContextBlock): string {
  const where =
    block.kind === 'selection' && block.startLine !== undefined
      ? `, lines ${block.startLine}-${block.endLine ?? block.startLine}`
      : '';
  const fence = fenceFor(block.text);
  const body = block.text.endsWith('\n') ? block.text : `${block.text}\n`;
  const heading = block.kind === 'selection' ? 'Selected code from' : 'File';
  return `${heading} \`${block.path}\` (${block.languageId}${where}):\n${fence}${block.languageId}\n${body}${fence}`;
}

/** Keeps the head of a block within `maxChars`, saying how much was left out. */
export function truncateBlock(block: ContextBlock, maxChars: number): ContextBlock {
  if (block.text.length <= maxChars) return block;
  const cut = block.text.slice(0, Math.max(0, maxChars));
  const keptLines = cut.lastIndexOf('\n') > 0 ? cut.slice(0, cut.lastIndexOf('\n') + 1) : cut;
  const omitted = block.text.slice(keptLines.length).split('\n').length;
  return { ...block, text: `${keptLines}… (${omitted} more lines not sent)\n` };
}

export function userContent(text: string, blocks: readonly ContextBlock[]): string {
  if (blocks.length === 0) return text;
  return `${blocks.map(formatContextBlock).join('\n\n')}\n\n${text}`;
}

/** Fits context blocks in `budgetTokens`, cutting the largest first so small snippets survive whole. */
export function fitBlocks(blocks: readonly ContextBlock[], budgetTokens: number): ContextBlock[] {
  const cost = (list: readonly ContextBlock[]) => estimateTokens(list.map(formatContextBlock).join('\n\n'));
  let fitted = [...blocks];
  if (cost(fitted) <= budgetTokens) return fitted;
  // Each pass cuts the largest block so the total shrinks towards the budget.
  for (let pass = 0; pass < blocks.length * 4 && cost(fitted) > budgetTokens; pass++) {
    const largest = fitted.reduce((best, b, i) => (b.text.length > fitted[best].text.length ? i : best), 0);
    const excessChars = Math.ceil((cost(fitted) - budgetTokens) * CHARS_PER_TOKEN) + 64;
    const target = fitted[largest].text.length - excessChars;
    if (target < 200) {
      fitted = fitted.filter((_, i) => i !== largest);
      if (fitted.length === 0) break;
    } else {
      fitted[largest] = truncateBlock(fitted[largest], target);
    }
  }
  return fitted;
}

export interface PromptInput {
  systemPrompt: string;
  /** Earlier messages, oldest first, not including the new prompt. */
  history: readonly StoredMessage[];
  prompt: string;
  context: readonly ContextBlock[];
  maxPromptTokens: number;
}

export interface AssembledPrompt {
  messages: ChatMessage[];
  estimatedTokens: number;
  /** Earlier turns left out for lack of room. */
  droppedMessages: number;
  contextTruncated: boolean;
}

function historyMessage(m: StoredMessage, withContext: boolean): ChatMessage {
  if (m.role === 'assistant') return { role: 'assistant', content: m.content };
  const blocks = m.contextBlocks ?? [];
  const note = !withContext && blocks.length > 0 ? `(Attached earlier: ${blocks.map((b) => b.path).join(', ')})\n\n` : '';
  return { role: 'user', content: note + userContent(m.content, withContext ? blocks : []) };
}

/**
 * The earlier turns worth sending, strictly alternating: a question whose answer failed
 * with no text (or never came) is left out with it, so failed turns never leave two
 * questions in a row. Answers that stand alone are left out too.
 */
export function answeredTurns(history: readonly StoredMessage[]): StoredMessage[] {
  const kept: StoredMessage[] = [];
  for (let i = 0; i < history.length; i++) {
    const question = history[i];
    const answer = history[i + 1];
    if (question.role !== 'user' || answer?.role !== 'assistant') continue;
    i++;
    if (answer.content !== '') kept.push(question, answer);
  }
  return kept;
}

export function assemblePrompt(input: PromptInput): AssembledPrompt {
  const system: ChatMessage = { role: 'system', content: input.systemPrompt };
  let used = estimateTokens(system.content) + estimateTokens(input.prompt) + 2 * MESSAGE_OVERHEAD_TOKENS;
  const context = fitBlocks(input.context, Math.max(0, input.maxPromptTokens - used));
  const contextTruncated =
    context.length !== input.context.length || context.some((b, i) => b.text !== input.context[i].text);
  const last: ChatMessage = { role: 'user', content: userContent(input.prompt, context) };
  used = estimateTokens(system.content) + estimateTokens(last.content) + 2 * MESSAGE_OVERHEAD_TOKENS;

  const earlier: ChatMessage[] = [];
  const turns = answeredTurns(input.history);
  let dropped = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const m = turns[i];
    const full = historyMessage(m, true);
    const fullCost = estimateTokens(full.content) + MESSAGE_OVERHEAD_TOKENS;
    if (used + fullCost <= input.maxPromptTokens) {
      earlier.unshift(full);
      used += fullCost;
      continue;
    }
    const bare = historyMessage(m, false);
    const bareCost = estimateTokens(bare.content) + MESSAGE_OVERHEAD_TOKENS;
    if (used + bareCost <= input.maxPromptTokens) {
      earlier.unshift(bare);
      used += bareCost;
      continue;
    }
    dropped = i + 1;
    break;
  }
  // A conversation sent to the model should not start with a lone answer.
  while (earlier.length > 0 && earlier[0].role === 'assistant') {
    used -= estimateTokens(earlier[0].content) + MESSAGE_OVERHEAD_TOKENS;
    earlier.shift();
    dropped++;
  }
  return {
    messages: [system, ...earlier, last],
    estimatedTokens: used,
    droppedMessages: dropped,
    contextTruncated,
  };
}
