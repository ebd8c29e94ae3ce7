// What the user sees, recorded in the page: a MutationObserver on the editor
// writes down, to the millisecond, every change of the cursor's line and of
// the ghost text on it (the `ghost-text-decoration` spans of that line, and
// the further ghost lines VS Code puts in `.ghost-text` view zones below it),
// and a keydown listener stamps every key on the same clock.
import type { Page } from 'playwright-core';

/** One state of the cursor's line as drawn. Times are epoch ms on the page's clock. */
export interface DomSnapshot {
  t: number;
  /** The cursor's line without ghost text (non-breaking spaces as spaces). */
  line: string;
  /** Ghost text on the cursor's line. */
  ghost: string;
  /** Ghost text lines below the cursor's line (multi-line suggestions). */
  ghostLines: string[];
}

export interface KeyStamp {
  t: number;
  key: string;
}

export interface PageRecord {
  keys: KeyStamp[];
  snapshots: DomSnapshot[];
}

/**
 * Installs the recorder on the focused editor. Called again (for the next
 * file), it observes the editor focused now and forgets what it recorded.
 */
export async function installRecorder(page: Page): Promise<void> {
  const installed = await page.evaluate(() => {
    type Recorder = { keys: KeyStamp[]; snapshots: DomSnapshot[]; last: string; snap: () => void; observer?: MutationObserver };
    const w = window as unknown as { __fiEditorBench?: Recorder };
    const editor = document.querySelector('.monaco-editor.focused');
    if (!editor) return false;
    const now = () => performance.timeOrigin + performance.now();
    const clean = (text: string | null) => (text ?? '').replace(/\u00a0/g, ' ');
    const GHOST = '.ghost-text-decoration, .ghost-text-decoration-preview';
    const recorder: Recorder = w.__fiEditorBench ?? { keys: [], snapshots: [], last: '', snap: () => undefined };
    recorder.observer?.disconnect();
    recorder.keys.length = 0;
    recorder.snapshots.length = 0;
    recorder.last = '';
    recorder.snap = () => {
      const cursor = editor.querySelector<HTMLElement>('.cursors-layer .cursor');
      const top = cursor ? parseFloat(cursor.style.top) : Number.NaN;
      const lineEl = [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')].find(
        (l) => Math.abs(parseFloat(l.style.top) - top) < 2,
      );
      let line = '';
      let ghost = '';
      if (lineEl) {
        ghost = [...lineEl.querySelectorAll(GHOST)].map((e) => clean(e.textContent)).join('');
        const copy = lineEl.cloneNode(true) as HTMLElement;
        copy.querySelectorAll(GHOST).forEach((e) => e.remove());
        line = clean(copy.textContent);
      }
      const ghostLines = [...editor.querySelectorAll<HTMLElement>('[monaco-view-zone]')]
        .filter((zone) => zone.querySelector('.ghost-text') !== null)
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .flatMap((zone) => [...zone.querySelectorAll('.view-line')].map((l) => clean(l.textContent)));
      // The line's position is part of the key: Enter from a blank line to a blank line is a new state.
      const key = JSON.stringify([top, line, ghost, ghostLines]);
      if (key === recorder.last) return;
      recorder.last = key;
      recorder.snapshots.push({ t: now(), line, ghost, ghostLines });
    };
    recorder.observer = new MutationObserver(() => recorder.snap());
    recorder.observer.observe(editor, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['style', 'class'] });
    if (!w.__fiEditorBench) document.addEventListener('keydown', (e) => recorder.keys.push({ t: now(), key: e.key }), true);
    w.__fiEditorBench = recorder;
    recorder.snap();
    return true;
  });
  if (!installed) throw new Error('no focused editor to record');
}

/** Stamps a key that sends no keydown (text inserted directly, such as a tab character). */
export async function stampKey(page: Page, key: string): Promise<void> {
  await page.evaluate((k) => {
    const r = (window as unknown as { __fiEditorBench: { keys: KeyStamp[] } }).__fiEditorBench;
    r.keys.push({ t: performance.timeOrigin + performance.now(), key: k });
  }, key);
}

export async function readRecord(page: Page): Promise<PageRecord> {
  return page.evaluate(() => {
    const r = (window as unknown as { __fiEditorBench: PageRecord }).__fiEditorBench;
    return { keys: [...r.keys], snapshots: [...r.snapshots] };
  });
}

/**
 * The page's epoch clock minus this process's (ms), from the round trip with
 * the smallest delay, so the fake server's log can be set beside the DOM record.
 */
export async function pageClockOffset(page: Page, samples = 7): Promise<number> {
  let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < samples; i++) {
    const before = performance.timeOrigin + performance.now();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = performance.timeOrigin + performance.now();
    if (after - before < best.rtt) best = { rtt: after - before, offset: pageNow - (before + after) / 2 };
  }
  return best.offset;
}
