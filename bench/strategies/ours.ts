// `ours`: the real completion engine from src/completion/core with the options
// bench:typing uses (the extension's defaults without context from other files)
// and the cell's max_tokens.
import { CompletionEngine } from '../../src/completion/core/engine';
import type { EngineOptions } from '../../src/completion/core/types';
import { ENGINE_DEFAULTS } from '../typing/run';
import type { Strategy, StrategyDeps } from './types';

export function createOurEngine(deps: StrategyDeps, options: Partial<EngineOptions> = {}): Strategy {
  return new CompletionEngine(
    { ...ENGINE_DEFAULTS, maxTokens: deps.maxTokens, ...options },
    { backend: deps.backend, clock: deps.clock, timers: deps.timers },
  );
}
