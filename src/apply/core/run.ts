// One apply or inline edit, from the code block (or instruction) to a proposal:
// the deterministic placement when it is certain, otherwise a merge by the
// model streamed into the proposal as it arrives. Nothing here touches the
// file: the caller shows `proposed` as a diff and writes only what is accepted.
import type { ChatRequest, GenerationStream } from '../../providers/types';
import type { Clock } from '../../shared/clock';
import { cleanModelOutput } from './clean';
import { splitHunks, type Hunk } from './hunks';
import { replaceLines, splitText } from './lines';
import { placeBlock, type LineRange, type PlaceMethod } from './place';
import { buildMergeRequest } from './prompt';
import { modelRegion } from './region';

export type ApplyMethod = PlaceMethod | 'selection' | 'model';

/** The model side of an apply: the chat client of the apply (or chat) profile. */
export interface ApplyModel {
  readonly presetId: string;
  streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream;
}

export interface ApplyInput {
  /** The file's text when the apply started. */
  original: string;
  path: string;
  languageId: string;
  /** Smart Apply: the chat's code block. */
  block?: string;
  /** Inline edit: what to do with `range`. */
  instruction?: string;
  /** Lines the user selected: the block replaces them, or the instruction edits them. */
  range?: LineRange;
  /** Skips the deterministic placement (benchmarks and tests of the model path). */
  forceModel?: boolean;
}

export interface ApplyProgress {
  proposed: string;
  method: ApplyMethod;
  elapsedMs: number;
  /** Characters of rewrite received so far (model path). */
  received: number;
}

export interface ApplyResult {
  status: 'done' | 'stopped' | 'failed';
  method: ApplyMethod;
  /** The whole file as proposed; the original when stopped or failed. */
  proposed: string;
  hunks: Hunk[];
  /** Start of the apply to the full proposal. */
  elapsedMs: number;
  /** Why the deterministic placement handed over to the model. */
  reason?: string;
  ttftMs?: number | null;
  tokensPerSecond?: number | null;
  completionTokens?: number;
  prediction?: { accepted: number; rejected: number };
  error?: string;
}

export interface ApplyDeps {
  clock: Clock;
  signal: AbortSignal;
  /** Resolved only when the model is needed. */
  model?: () => Promise<ApplyModel>;
  onProgress?: (progress: ApplyProgress) => void;
}

/**
 * Room for the region and everything the change adds. Code runs at three to
 * four characters a token; punctuation-dense code nearer one and a half.
 */
function maxTokensFor(region: string, change: string): number {
  return Math.ceil((region.length + change.length) / 1.5) + 256;
}

export async function runApply(input: ApplyInput, deps: ApplyDeps): Promise<ApplyResult> {
  const startedAt = deps.clock.now();
  const finish = (result: Omit<ApplyResult, 'elapsedMs' | 'hunks'>): ApplyResult => ({
    ...result,
    hunks: result.status === 'done' ? splitHunks(input.original, result.proposed) : [],
    elapsedMs: deps.clock.now() - startedAt,
  });
  const file = splitText(input.original);
  let hint: LineRange[] = [];
  let reason: string | undefined;

  if (input.block !== undefined && input.instruction === undefined && !input.forceModel) {
    if (input.range) {
      const block = splitText(input.block).lines;
      return finish({ status: 'done', method: 'selection', proposed: replaceLines(file, input.range, block) });
    }
    const placement = placeBlock(input.original, input.block);
    if (placement.kind === 'placed') return finish({ status: 'done', method: placement.how, proposed: placement.text });
    reason = placement.reason;
    hint = placement.kind === 'ambiguous' ? placement.candidates : placement.near ? [placement.near] : [];
  }
  if (!deps.model) return finish({ status: 'failed', method: 'model', proposed: input.original, reason, error: reason ?? 'No model to merge with.' });

  const blockLines = splitText(input.block ?? '').lines;
  const range = input.range ?? modelRegion(file.lines, blockLines, hint);
  const regionLines = file.lines.slice(range.start, range.end + 1);
  const regionText = regionLines.join('\n');
  const wholeFile = range.start === 0 && range.end >= file.lines.length - 1;
  const proposalWith = (rewrite: string[], partial: boolean) => {
    // While streaming, the rest of the region still shows as it was.
    const rest = partial ? file.lines.slice(range.start + rewrite.length, range.end + 1) : [];
    return replaceLines(file, range, [...rewrite, ...rest]);
  };

  let stream: GenerationStream | undefined;
  try {
    const model = await deps.model();
    if (deps.signal.aborted) return finish({ status: 'stopped', method: 'model', proposed: input.original, reason });
    const request = buildMergeRequest(
      { path: input.path, languageId: input.languageId, region: regionText, block: input.block, instruction: input.instruction, wholeFile },
      model.presetId,
      maxTokensFor(regionText, input.block ?? input.instruction ?? ''),
    );
    stream = model.streamChat(request, deps.signal);
    let raw = '';
    let closedEarly = false;
    for await (const delta of stream) {
      if (delta.kind !== 'content') continue;
      raw += delta.text;
      // The proposal changes by whole lines, and a closing fence is a line: look again only when one ends.
      if (!delta.text.includes('\n')) continue;
      const cleaned = cleanModelOutput(raw, false);
      if (deps.onProgress) {
        // Only whole lines: the last one may still grow.
        const complete = cleaned.code.split('\n').slice(0, -1);
        deps.onProgress({ proposed: proposalWith(complete, true), method: 'model', elapsedMs: deps.clock.now() - startedAt, received: raw.length });
      }
      // After the code's closing fence comes only chatter: stop paying for it.
      if (cleaned.closed) {
        closedEarly = true;
        break;
      }
    }
    const outcome = await stream.outcome;
    const speed = { ttftMs: outcome.sample.ttftMs, tokensPerSecond: outcome.sample.tokensPerSecond, completionTokens: outcome.sample.completionTokens };
    const extra = outcome.prediction ? { prediction: outcome.prediction } : {};
    if (outcome.aborted && !closedEarly) return finish({ status: 'stopped', method: 'model', proposed: input.original, reason, ...speed, ...extra });
    if (outcome.finishReason === 'length' && !closedEarly) {
      return finish({ status: 'failed', method: 'model', proposed: input.original, reason, error: 'The rewrite was cut off at the token limit; nothing was changed.', ...speed });
    }
    const code = cleanModelOutput(raw, true).code;
    if (code.trim() === '') return finish({ status: 'failed', method: 'model', proposed: input.original, reason, error: 'The model answered with no code.', ...speed });
    return finish({ status: 'done', method: 'model', proposed: proposalWith(withTrailingBlanks(code, regionLines), false), reason, ...speed, ...extra });
  } catch (err) {
    stream?.outcome.catch(() => undefined);
    if (deps.signal.aborted) return finish({ status: 'stopped', method: 'model', proposed: input.original, reason });
    return finish({ status: 'failed', method: 'model', proposed: input.original, reason, error: err instanceof Error ? err.message : String(err) });
  }
}

/** Models drop or add blank lines at the end of a rewrite; the region keeps the ones it had. */
function withTrailingBlanks(code: string, region: readonly string[]): string[] {
  const lines = code.split('\n');
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  for (let i = region.length - 1; i >= 0 && region[i].trim() === ''; i--) lines.push(region[i]);
  return lines;
}
