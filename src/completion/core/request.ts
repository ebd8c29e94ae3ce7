// What a request for a spot is: where it was asked (the anchor), the context
// the stop rules judge its output by, and the FimRequest sent.
import type { FimRequest } from '../../providers/types';
import { openBracketsBefore, scanOptionsFor } from './brackets';
import { buildFimRequest } from './prompt';
import type { Anchor } from './session';
import type { StopContext } from './stopRules';
import { isOnlyClosersRight, lineSuffixOf } from './text';
import { ruleOn, type CompletionInput, type EngineOptions, type EnginePort } from './types';

/** How much of the text before the cursor the snippet ring compares files with. */
const NEAR_CURSOR_CHARS = 1500;

export function describeRequest(
  at: CompletionInput,
  speculative: boolean,
  options: EngineOptions,
  port: Pick<EnginePort, 'snippets'> | undefined,
): { anchor: Anchor; stopContext: StopContext; request: FimRequest } {
  const scanOptions = scanOptionsFor(at.languageId);
  const singleLine = options.multiline === 'never' || (options.multiline === 'auto' && !isOnlyClosersRight(lineSuffixOf(at.suffix)));
  const stopContext: StopContext = {
    prefix: at.prefix,
    suffix: at.suffix,
    scanOptions,
    languageId: at.languageId,
    open: openBracketsBefore(at.prefix, scanOptions),
    singleLine,
    maxLines: options.maxLines,
    maxTokens: options.maxTokens,
    firstLineAndPeek: speculative && ruleOn(options, 'speculative-first-line'),
  };
  const request = buildFimRequest(at, {
    budget: options.budget,
    maxTokens: options.maxTokens,
    temperature: options.temperature,
    singleLine,
    snippets: options.contextFromOtherFiles && port?.snippets ? (max) => port.snippets!(at.filePath, at.prefix.slice(-NEAR_CURSOR_CHARS), max) : undefined,
  });
  const anchor: Anchor = { docKey: at.docKey, offset: at.offset, prefix: at.prefix, suffix: at.suffix, languageId: at.languageId, speculative };
  return { anchor, stopContext, request };
}
