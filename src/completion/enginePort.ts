// The engine's port to the world for one completion profile: its endpoint's
// FIM stream, the snippet ring behind the prompt gate, the provider layer's
// rate limits and the speed history's first-token times.
import type { InferenceClient } from '../providers';
import type { ConnectionWarmer } from '../providers/warm';
import type { Clock, Timers } from '../shared/clock';
import type { Logger } from '../shared/log';
import type { SnippetRing } from './core/contextRing';
import type { EnginePort } from './core/types';
import type { FimRequest, GenerationStream, ContextSnippet } from '../providers/types';

export interface ProfilePortParts {
  /** The current client; a rebuilt client for the same endpoint (a new key) is used at once. */
  client(): InferenceClient;
  warmer: ConnectionWarmer;
  ring: SnippetRing;
  /** Whether a workspace-relative path is excluded from prompts now (the globs may have changed). */
  excludes(relativePath: string): boolean;
  rateLimits: { remainingMs(profileId: string): number };
  recentTtftMs?: (profileId: string, model?: string) => number[];
  clock: Clock;
  timers: Timers;
  logger: Logger;
}

export class ProfileEnginePort implements EnginePort {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;

  constructor(
    private readonly profile: { profileId: string; completionModel?: string },
    private readonly parts: ProfilePortParts,
  ) {
    this.clock = parts.clock;
    this.timers = parts.timers;
    this.logger = parts.logger;
  }

  backend(req: FimRequest, signal: AbortSignal): GenerationStream {
    this.parts.warmer.used();
    return this.parts.client().streamFim(req, signal);
  }

  /** Ring entries are named by workspace-relative path; the globs are checked again in case they changed. */
  snippets(currentFile: string, nearCursor: string, maxChars: number): ContextSnippet[] {
    return this.parts.ring.pick(currentFile, nearCursor, maxChars, (file) => this.parts.excludes(file));
  }

  rateLimitRemainingMs(): number {
    return this.parts.rateLimits.remainingMs(this.profile.profileId);
  }

  /** No model named: the server's default, recorded under the name the server gives it. */
  recentTtftMs(): readonly number[] {
    return this.parts.recentTtftMs?.(this.profile.profileId, this.profile.completionModel || undefined) ?? [];
  }
}
