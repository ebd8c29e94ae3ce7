// The engine's inputs and outputs. Plain data: the VS Code adapter, the
// benchmark and the tests all drive the engine through these.
import type { CompletionSettings } from '../../config/core/settings';
import type { ContextSnippet, FimRequest, GenerationStream } from '../../providers/types';
import type { Clock, Timers } from '../../shared/clock';
import type { Logger } from '../../shared/log';
import type { CursorState } from './matching';
import { promptBudgetFor, type PromptBudget } from './prompt';
import { IDLE_ABORT_MS } from './tuning';
import type { EndReason, SessionState } from './session';

/** One call from the editor: where the cursor is and what is around it. */
export interface CompletionInput extends CursorState {
  /** Document version; an unchanged version at a new offset is a cursor move, not typing. */
  version: number;
  languageId: string;
  filePath: string;
  /** `manual`: the user asked (command or keybinding); no wait, and allowed without an edit. */
  trigger: 'automatic' | 'manual';
}

export type SuggestionSource =
  /** A request started by this call. */
  | 'request'
  /** A stream started earlier that the user is typing through. */
  | 'stream'
  /** A finished suggestion the user is typing through or came back to. */
  | 'cache';

export interface Suggestion {
  /** Text to insert at the cursor. */
  text: string;
  /** Characters right of the cursor (on its line) the text replaces, e.g. an auto-inserted `)`. */
  replaceLength: number;
  source: SuggestionSource;
  sessionId?: number;
}

/** Whether an endpoint runs on this machine: a local preset, or a loopback address. */
export function isLocalEndpoint(endpoint: { baseUrl: string; presetLocal?: boolean }): boolean {
  if (endpoint.presetLocal) return true;
  try {
    const host = new URL(endpoint.baseUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** The completion settings the engine follows, plus what comes from the endpoint and fixed choices. */
export type EngineOptions = Pick<CompletionSettings, 'debounce' | 'fixedDebounceMs' | 'multiline' | 'maxLines' | 'speculative' | 'contextFromOtherFiles'> & {
  /** The request's max_tokens. */
  maxTokens: number;
  temperature?: number;
  budget: PromptBudget;
  /** A stream nobody asked about for this long is closed (the user left without a keystroke). */
  idleAbortMs: number;
  /** Rules switched off: for benchmarks that measure what each rule is worth; the extension never sets it. */
  rulesOff?: readonly EngineRule[];
};

/** The engine's asking rules that a benchmark may switch off, one at a time (docs/completions.md). */
export type EngineRule =
  /** Ask ahead only once the user follows a suggestion (not as soon as it is shown). */
  | 'ask-ahead-when-followed'
  /** At a line start the user typed to, a line guessed before the line above was confirmed gives way to a request. */
  | 'ask-at-guessed-line'
  /** A speculative request stops after its first line once the next one has started. */
  | 'speculative-first-line'
  /** After a key that contradicts the ghost text mid-word, wait for the user's correction time. */
  | 'wait-after-contradiction'
  /** No request ahead, and none at the end of the answer, where the answer says the block ends. */
  | 'block-end'
  /** Once the user keeps typing past the suggestions, wait for pauses. */
  | 'wait-when-ignored';

export const ENGINE_RULES: readonly EngineRule[] = [
  'ask-ahead-when-followed',
  'ask-at-guessed-line',
  'speculative-first-line',
  'wait-after-contradiction',
  'block-end',
  'wait-when-ignored',
];

/** Whether a rule is on (every rule is, unless a benchmark switched it off). */
export function ruleOn(options: Pick<EngineOptions, 'rulesOff'>, rule: EngineRule): boolean {
  return !options.rulesOff?.includes(rule);
}

/** The engine's options from the settings snapshot and the endpoint's max_tokens. */
export function engineOptionsFrom(completions: CompletionSettings, maxTokens: number, local = false): EngineOptions {
  return {
    debounce: completions.debounce,
    fixedDebounceMs: completions.fixedDebounceMs,
    multiline: completions.multiline,
    maxLines: completions.maxLines,
    speculative: completions.speculative,
    contextFromOtherFiles: completions.contextFromOtherFiles,
    maxTokens,
    budget: promptBudgetFor(local),
    idleAbortMs: IDLE_ABORT_MS,
  };
}

/**
 * Everything the engine reaches outside itself through, in one object: the
 * endpoint, the snippet ring, time, and the provider's rate limits. The
 * extension passes the current profile's (completion/enginePort.ts); the tests
 * and the benchmark pass fakes with a simulated clock.
 */
export interface EnginePort {
  /** Opens the stream for a request; aborting `signal` closes its connection. */
  backend(req: FimRequest, signal: AbortSignal): GenerationStream;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Snippets of other files for the prompt; the port applies the exclusion globs. */
  snippets?(currentFile: string, nearCursor: string, maxChars: number): ContextSnippet[];
  /** Milliseconds the endpoint's rate-limit cooldown still lasts (the provider layer's gate); 0 when none. */
  rateLimitRemainingMs?(): number;
  /** The endpoint's recent times to first token (e.g. from the speed history), used before the engine has its own. */
  recentTtftMs?(): readonly number[];
  readonly logger?: Logger;
}

/** What the status bar shows about completions, as far as the engine knows it. */
export interface EngineActivity {
  /** A request for the current spot is pending (waiting out the debounce or for its first line). */
  waiting: boolean;
  lastError: { kind: string; message: string; at: number } | null;
  /** Engine-clock time until which automatic requests are held back by a rate limit; null when none. */
  rateLimitedUntil: number | null;
}

/** Instrumentation: every request, abort, end and served suggestion (the benchmark counts these). */
export type EngineEvent =
  | { type: 'request'; sessionId: number; speculative: boolean; at: number }
  | { type: 'abort'; sessionId: number; reason: EndReason; at: number }
  | { type: 'end'; sessionId: number; state: SessionState; reason: EndReason; output: string; at: number }
  /** The stream's connection is closed (finished, stopped or aborted). */
  | { type: 'closed'; sessionId: number; at: number }
  | { type: 'served'; source: SuggestionSource; sessionId?: number; text: string; at: number };
