// What every strategy in the typing benchmark is: something the replay can
// call the way VS Code calls an inline completion provider (once per key, the
// previous call cancelled), that reports its requests as engine events. The
// real engine fits this shape; the models of other extensions implement it.
import type { CompletionEngine } from '../../src/completion/core/engine';
import type { FimBackend } from '../../src/completion/core/session';
import type { EngineRule } from '../../src/completion/core/types';
import type { Clock, Timers } from '../../src/shared/clock';

export type Strategy = Pick<CompletionEngine, 'provide' | 'noteDocumentChange' | 'noteCursor' | 'noteActiveDocument' | 'onEvent' | 'dispose'>;

export type StrategyName =
  | 'ours-no-speculative'
  | 'no-abort'
  | 'no-abort-debounced'
  | 'fixed-debounce'
  | 'adaptive-debounce'
  | 'keep-through'
  | 'ours'
  | `ours-without-${EngineRule}`;

export interface StrategyDeps {
  /** The endpoint, through the real provider layer. */
  backend: FimBackend;
  clock: Clock;
  timers: Timers;
  /** max_tokens of every request (the same for every strategy). */
  maxTokens: number;
}

export interface StrategyInfo {
  name: StrategyName;
  /** Whose strategy this models. */
  modelOf: string;
  /** One line: what it does on a keystroke. */
  summary: string;
  create(deps: StrategyDeps): Strategy;
}
