// What the user last saw as ghost text, and what the key they just typed says
// about it. A key that contradicts the ghost text in the middle of a word is
// most often a typo the user is about to correct (the suggestion was right), or
// the start of a different word they will go on typing; either way the next key
// usually comes before a fresh suggestion would be read, so the engine waits
// for the user's own correction time before asking again.
import { typedSince, type CursorState } from './matching';
import { RecentWindow } from './recentWindow';
import { CORRECTION_MARGIN, CORRECTION_SAMPLES, CORRECTION_WINDOW_MS, DEFAULT_CORRECTION_WAIT_MS, MAX_CORRECTION_WAIT_MS, MIN_CORRECTION_WAIT_MS } from './tuning';

export class GhostTextTracker {
  private shown: { state: CursorState; text: string; taken: boolean; left: boolean } | undefined;

  /**
   * The editor got `text` as ghost text at `state`. While the user types along the
   * ghost text, what comes next (the rest of it, the line asked ahead) counts as
   * taken with it.
   */
  noteShown(state: CursorState, text: string): void {
    const before = this.shown;
    const typed = before && !before.left && before.state.docKey === state.docKey ? typedSince(before.state, state) : undefined;
    const following = typed !== undefined && before!.text.startsWith(typed) && (before!.taken || /\S/.test(typed));
    this.shown = { state, text, taken: following, left: false };
  }

  /** The editor shows no ghost text now. */
  noteHidden(): void {
    this.shown = undefined;
  }

  /**
   * What the edit that brought the editor to `state` did with the ghost text:
   * `taken` when the user typed (or accepted) some of it beyond whitespace, all
   * of it and on included; `passed-by` when what they typed departs from ghost
   * text they had taken none of (a suggestion they were typing along and then
   * left counts as taken). Undefined when nothing was shown, the edit was no
   * typing after it (a deletion, elsewhere), or this ghost text was already left.
   */
  verdict(state: CursorState): 'taken' | 'passed-by' | undefined {
    const shown = this.shown;
    if (!shown || shown.left || shown.state.docKey !== state.docKey) return undefined;
    const typed = typedSince(shown.state, state);
    if (!typed) return undefined;
    let same = 0;
    while (same < typed.length && typed[same] === shown.text[same]) same++;
    const tookSome = /\S/.test(typed.slice(0, same));
    if (same < typed.length && same < shown.text.length) {
      shown.left = true;
      if (!tookSome && !shown.taken) return 'passed-by';
    }
    if (!tookSome) return undefined;
    shown.taken = true;
    return 'taken';
  }

  /**
   * True when the text typed since the ghost text was shown departs from it and
   * the part from where it departs is one word still being typed (`fo|` against `bar`).
   */
  contradicts(state: CursorState): boolean {
    const shown = this.shown;
    if (!shown || shown.state.docKey !== state.docKey) return false;
    const typed = typedSince(shown.state, state);
    if (!typed || shown.text.startsWith(typed)) return false;
    let same = 0;
    while (same < typed.length && typed[same] === shown.text[same]) same++;
    return /^\w+$/.test(typed.slice(same));
  }
}

/** How long this user takes to correct a key: from a contradicting key to the deletion that follows it. */
export class CorrectionTiming {
  private contradictedAt: number | undefined;
  private readonly delays = new RecentWindow(CORRECTION_SAMPLES);

  /** An edit at `at`: a contradicting key, a deletion, or other typing. */
  noteEdit(at: number, edit: { contradicts: boolean; deleted: boolean }): void {
    if (this.contradictedAt !== undefined && edit.deleted && at - this.contradictedAt <= CORRECTION_WINDOW_MS) {
      this.delays.push(at - this.contradictedAt);
    }
    this.contradictedAt = edit.contradicts ? at : undefined;
  }

  /** The wait after a contradicting key: past this user's slower corrections, within bounds. */
  waitMs(): number {
    if (this.delays.size < 3) return DEFAULT_CORRECTION_WAIT_MS;
    const slow = this.delays.max()!;
    return Math.round(Math.min(MAX_CORRECTION_WAIT_MS, Math.max(MIN_CORRECTION_WAIT_MS, slow * CORRECTION_MARGIN)));
  }
}
