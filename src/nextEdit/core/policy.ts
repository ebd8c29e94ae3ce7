// When next edits run and how a profile is asked. 'auto' turns them on only for
// endpoints that decode fast enough for a rewrite of the region to arrive while
// the user still looks at it; the figure is learnt from the profile's own requests.
import type { NextEditPromptFormat, NextEditsEnabled } from '../../config/core/settings';
import { RecentWindow } from '../../completion/core/recentWindow';
import type { NextEditFormat } from './prompt';

/** Decode tokens/second from which 'auto' turns next edits on. */
export const AUTO_MIN_TOKENS_PER_SECOND = 200;

export class DecodeRates {
  private readonly byProfile = new Map<string, RecentWindow>();

  note(profileId: string, tokensPerSecond: number | null): void {
    if (tokensPerSecond === null) return;
    let window = this.byProfile.get(profileId);
    if (!window) this.byProfile.set(profileId, (window = new RecentWindow(12)));
    window.push(tokensPerSecond);
  }

  median(profileId: string): number | undefined {
    return this.byProfile.get(profileId)?.median();
  }
}

export function nextEditsActive(setting: NextEditsEnabled, tokensPerSecond: number | undefined): boolean {
  if (setting !== 'auto') return setting === 'on';
  return tokensPerSecond !== undefined && tokensPerSecond >= AUTO_MIN_TOKENS_PER_SECOND;
}

/** The prompt layout for a model: the setting, or Zeta's for models named after it. */
export function promptFormatFor(setting: NextEditPromptFormat, model: string): NextEditFormat {
  if (setting !== 'auto') return setting;
  return /zeta/i.test(model) ? 'zeta' : 'chat';
}
