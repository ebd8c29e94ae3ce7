// The strategies the typing benchmark plays side by side. Every one but `ours`
// is a model of another extension's strategy, written here from
// ../shared/research/anchors.md; none contains that extension's code.
import { AdaptiveDebounceStrategy } from './adaptiveDebounce';
import { FixedDebounceStrategy } from './fixedDebounce';
import { KeepThroughStrategy } from './keepThrough';
import { NoAbortStrategy } from './noAbort';
import { NoAbortDebouncedStrategy } from './noAbortDebounced';
import { createOurEngine } from './ours';
import { ENGINE_RULES, type EngineRule } from '../../src/completion/core/types';
import type { StrategyInfo } from './types';

/** Ours with one asking rule switched off: what the rule is worth, measured (bench/results/notes.md). */
function withoutRule(rule: EngineRule): StrategyInfo {
  return {
    name: `ours-without-${rule}`,
    modelOf: `Fast Inference without the rule \`${rule}\``,
    summary: `the real engine with its \`${rule}\` rule switched off (a diagnostic row)`,
    create: (deps) => createOurEngine(deps, { rulesOff: [rule] }),
  };
}

export const STRATEGIES: readonly StrategyInfo[] = [
  {
    name: 'ours',
    modelOf: 'Fast Inference (the real engine)',
    summary: 'adaptive debounce from time to first line and typing rhythm; stale streams closed at once; streams kept while typed through; first line shown while streaming; cache; speculative next request',
    create: (deps) => createOurEngine(deps),
  },
  {
    name: 'ours-no-speculative',
    modelOf: 'Fast Inference with `completions.speculative` off',
    summary: 'the real engine without the speculative request for the spot after accepting a suggestion (a diagnostic row)',
    create: (deps) => createOurEngine(deps, { speculative: false }),
  },
  {
    name: 'no-abort',
    modelOf: 'llama.vscode',
    summary: 'no debounce, one request at a time (polled every 150 ms), never aborted, not streamed; line cache with step-back; asks ahead after each suggestion',
    create: (deps) => new NoAbortStrategy(deps),
  },
  {
    name: 'no-abort-debounced',
    modelOf: 'twinny',
    summary: '300 ms debounce, one request at a time in a queue, never aborted for typing (closed only by its own line-break rule)',
    create: (deps) => new NoAbortDebouncedStrategy(deps),
  },
  {
    name: 'fixed-debounce',
    modelOf: 'Continue',
    summary: '350 ms debounce (immediate after a quiet spell); in-flight stream reused while typed through, else closed and replaced; prefix cache',
    create: (deps) => new FixedDebounceStrategy(deps),
  },
  {
    name: 'adaptive-debounce',
    modelOf: 'Tabby',
    summary: '100–1,000 ms debounce from typing speed minus latency; aborts on every keystroke; not streamed; cache pre-filled for typing ahead',
    create: (deps) => new AdaptiveDebounceStrategy(deps),
  },
  {
    name: 'keep-through',
    modelOf: 'GitHub Copilot',
    summary: 'no debounce; requests kept while their output still matches, cancelled once not; waits up to 200 ms for one; results held until 200 ms after the call; cache',
    create: (deps) => new KeepThroughStrategy(deps),
  },
  ...ENGINE_RULES.map(withoutRule),
];

export function strategyNamed(name: string): StrategyInfo {
  const found = STRATEGIES.find((s) => s.name === name);
  if (!found) throw new Error(`unknown strategy ${name} (known: ${STRATEGIES.map((s) => s.name).join(', ')})`);
  return found;
}

export type { Strategy, StrategyDeps, StrategyInfo, StrategyName } from './types';
