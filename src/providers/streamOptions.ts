// `stream_options.include_usage` gives exact token counts, but some servers answer 400 when
// it is present. Ask for it, retry once without it on a 400, and remember servers that
// refuse it so later requests skip the failed attempt.
import type { Logger } from '../shared/log';
import type { FimCapabilityStore } from './capabilities';
import { serverMessage } from './errors';

export interface StreamOptionsPolicy {
  run<T>(attempt: (includeUsage: boolean) => Promise<T>): Promise<T>;
}

/** A 400 caused by something else (FIM suffix refusals) is not worth a second request. */
function mayBeStreamOptionsRefusal(err: unknown): boolean {
  const status = (err as { status?: unknown }).status;
  if (status !== 400 && status !== 422) return false;
  return !/suffix|insert|infill|context|too long|model/i.test(serverMessage(err)) || /stream_options|include_usage/i.test(serverMessage(err));
}

export function streamOptionsPolicy(
  key: string,
  store: FimCapabilityStore,
  fallback: Set<string>,
  signal: () => boolean,
  logger?: Logger,
): StreamOptionsPolicy {
  const refused = () => fallback.has(key) || store.refusesStreamOptions?.(key) === true;
  return {
    async run(attempt) {
      if (refused()) return attempt(false);
      try {
        return await attempt(true);
      } catch (err) {
        if (signal() || !mayBeStreamOptionsRefusal(err)) throw err;
        const result = await attempt(false);
        fallback.add(key);
        store.rememberStreamOptionsRefused?.(key);
        logger?.info(`${key} refuses stream_options; token counts will be estimated where the server sends no usage.`);
        return result;
      }
    },
  };
}
