// What a user does in the VS Code workbench, as calls: open a file, type, see
// and accept ghost text, run commands, answer pickers, read the status bar,
// reach into webviews. Every wait is on a condition and names it on timeout.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { waitUntil } from './processes';

export const DEFAULT_KEY_DELAY_MS = 40;

export class Workbench {
  constructor(
    readonly page: Page,
    readonly workspaceDir: string,
  ) {}

  async waitForWorkbench(timeoutMs = 30000): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    // The explorer's tree exists once the folder is open, even when the folder is empty.
    await this.page.waitForSelector('.explorer-folders-view', { timeout: timeoutMs });
  }

  /** Opens a workspace file as a user does: expands its folders and double-clicks its row in the explorer. */
  async openFile(relativePath: string, timeoutMs = 15000): Promise<void> {
    const segments = relativePath.split('/');
    await this.focusView('Explorer');
    for (let i = 0; i < segments.length; i++) {
      const row = this.page
        .locator(`.explorer-folders-view .monaco-list-row[aria-level="${i + 1}"]`)
        .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(segments[i])}$`) }) })
        .first();
      await row.waitFor({ timeout: timeoutMs });
      const last = i === segments.length - 1;
      if (last) await row.dblclick();
      else if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    }
    const name = segments[segments.length - 1];
    await waitUntil(
      () =>
        this.page.evaluate((tabName) => {
          const tab = document.querySelector('.tabs-container .tab.active');
          const focused = document.querySelector('.monaco-editor.focused');
          return tab?.getAttribute('data-resource-name') === tabName && focused !== null;
        }, name),
      { what: `the editor for ${relativePath} to open and take focus`, timeoutMs, describe: () => this.activeTabName() },
    );
  }

  private activeTabName(): Promise<string> {
    return this.page.evaluate(() => `active tab: ${document.querySelector('.tabs-container .tab.active')?.getAttribute('data-resource-name') ?? 'none'}`);
  }

  /** Types as a user does, one key at a time; `\n` presses Enter. */
  async type(text: string, options: { delayMs?: number } = {}): Promise<void> {
    await this.page.keyboard.type(text, { delay: options.delayMs ?? DEFAULT_KEY_DELAY_MS });
  }

  /** A key or chord in Playwright's notation: `Tab`, `Escape`, `Control+S`, `Alt+Backslash`. */
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async cursorToEnd(): Promise<void> {
    await this.press('Control+End');
  }

  /** Moves the cursor with Go to Line (1-based line and column). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.press('Control+G');
    const input = await this.quickInput();
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await this.waitForQuickInputClosed();
  }

  /** The ghost text shown in the active editor ('' when none): the part on the cursor line, then any further lines. */
  ghostText(): Promise<string> {
    return this.page.evaluate(() => {
      const editor =
        document.querySelector('.monaco-editor.focused') ??
        document.querySelector('.editor-group-container.active .monaco-editor');
      if (!editor) return '';
      const text = (el: Element): string => (el.textContent ?? '').replace(/\u00a0/g, ' ');
      const inline = [...editor.querySelectorAll('.view-lines .ghost-text-decoration, .view-lines .ghost-text-decoration-preview')]
        .map(text)
        .join('');
      const zones = [...editor.querySelectorAll('[monaco-view-zone]')]
        .filter((zone) => zone.querySelector('.ghost-text') !== null)
        .sort((a, b) => parseFloat((a as HTMLElement).style.top) - parseFloat((b as HTMLElement).style.top));
      const lines = zones.flatMap((zone) => [...zone.querySelectorAll('.view-line')].map(text));
      return [inline, ...lines].join('\n');
    });
  }

  /** Waits until ghost text shows (and satisfies `accept`, when given) and returns it. */
  async waitForGhostText(options: { timeoutMs?: number; accept?: (text: string) => boolean } = {}): Promise<string> {
    const accept = options.accept ?? ((text: string) => text.trim().length > 0);
    return waitUntil(
      async () => {
        const text = await this.ghostText();
        return accept(text) ? text : undefined;
      },
      {
        what: 'ghost text in the active editor',
        timeoutMs: options.timeoutMs ?? 15000,
        intervalMs: 25,
        describe: async () => `ghost text ${JSON.stringify(await this.ghostText())}; line ${JSON.stringify(await this.cursorLineText())}`,
      },
    );
  }

  async waitForNoGhostText(timeoutMs = 5000): Promise<void> {
    await waitUntil(async () => (await this.ghostText()) === '', {
      what: 'the ghost text to disappear',
      timeoutMs,
      intervalMs: 25,
      describe: async () => JSON.stringify(await this.ghostText()),
    });
  }

  /** The text of the view line under the cursor, ghost text included. */
  cursorLineText(): Promise<string> {
    return this.page.evaluate(() => {
      const editor = document.querySelector('.monaco-editor.focused');
      const cursor = editor?.querySelector<HTMLElement>('.cursors-layer .cursor');
      if (!editor || !cursor) return '';
      const line = [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')].find(
        (l) => Math.abs(parseFloat(l.style.top) - parseFloat(cursor.style.top)) < 2,
      );
      return (line?.textContent ?? '').replace(/\u00a0/g, ' ');
    });
  }

  /** Runs a command by its palette title, e.g. `Fast Inference: Show Log`. */
  async runCommand(title: string, timeoutMs = 10000): Promise<void> {
    await this.press('F1');
    let input;
    try {
      input = await this.quickInput(Math.min(timeoutMs, 5000));
    } catch {
      // The key went to a part of the window that kept it (a webview taking focus back): once more.
      console.log(`      (F1 opened no command palette for ${JSON.stringify(title)} within 5 s; pressed again)`);
      await this.press('F1');
      input = await this.quickInput(timeoutMs);
    }
    await input.fill(`>${title}`);
    await this.chooseQuickPickRow(title, timeoutMs);
  }

  /** Runs a command as soon as the palette offers it (after a reload the extension registers late). */
  async runCommandWhenListed(title: string, timeoutMs = 60000): Promise<void> {
    await waitUntil(
      async () => {
        try {
          await this.runCommand(title, 3000);
          return true;
        } catch {
          await this.press('Escape');
          return false;
        }
      },
      { what: `the command ${title}`, timeoutMs, intervalMs: 500 },
    );
  }

  /** Chooses the item labelled `label` (exactly, else the first containing it) in the open quick pick. */
  async pickQuickPickItem(label: string, timeoutMs = 10000): Promise<void> {
    const input = await this.quickInput(timeoutMs);
    await input.fill(label);
    await this.chooseQuickPickRow(label, timeoutMs);
  }

  /** The labels of the rows the open quick pick shows. */
  async quickPickItems(timeoutMs = 10000): Promise<string[]> {
    await this.quickInput(timeoutMs);
    return this.page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) =>
      rows.map((row) => (row.querySelector('.label-name')?.textContent ?? row.textContent ?? '').trim()),
    );
  }

  /** Types an answer into the open input box and confirms it. */
  async answerInputBox(text: string, timeoutMs = 10000): Promise<void> {
    const input = await this.quickInput(timeoutMs);
    await input.fill(text);
    await input.press('Enter');
  }

  async waitForQuickInputClosed(timeoutMs = 10000): Promise<void> {
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  private async quickInput(timeoutMs = 10000) {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    return input;
  }

  private async chooseQuickPickRow(label: string, timeoutMs: number): Promise<void> {
    const wanted = label.toLowerCase();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = await waitUntil(
        () =>
          this.page.$$eval(
            '.quick-input-widget .quick-input-list .monaco-list-row',
            (rows, name) => {
              const names = rows.map((row) => ((row.querySelector('.label-name') ?? row).textContent ?? '').trim().toLowerCase());
              const exact = names.indexOf(name);
              const index = exact >= 0 ? exact : names.findIndex((n) => n.includes(name));
              return index >= 0 ? index + 1 : undefined; // 1-based so that a match is truthy
            },
            wanted,
          ),
        {
          what: `a quick pick row matching ${JSON.stringify(label)}`,
          timeoutMs: Math.max(1000, deadline - Date.now()),
          describe: async () => JSON.stringify(await this.quickPickRowsNow()),
        },
      );
      const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').nth(index - 1);
      try {
        // The list may change between the look and the click (Quick Open adds the file search's
        // results to the recently opened ones): the row is checked again, and looked for again if it moved.
        const focused = await row.evaluate(
          (r, name) => {
            if (!((r.querySelector('.label-name') ?? r).textContent ?? '').trim().toLowerCase().includes(name)) throw new Error('the row moved');
            return r.classList.contains('focused');
          },
          wanted,
          { timeout: 2000 },
        );
        if (focused) await this.press('Enter');
        else await row.click({ timeout: 2000 });
        return;
      } catch (err) {
        if (Date.now() >= deadline) throw err;
      }
    }
  }

  private quickPickRowsNow(): Promise<string[]> {
    return this.page.$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (rows) => rows.map((r) => r.textContent ?? ''));
  }

  /** Saves the active editor and waits until its tab is no longer dirty. */
  async save(timeoutMs = 10000): Promise<void> {
    await this.press('Control+S');
    await waitUntil(
      () => this.page.evaluate(() => {
        const tab = document.querySelector('.tabs-container .tab.active');
        return tab !== null && !tab.classList.contains('dirty');
      }),
      { what: 'the active editor to be saved', timeoutMs },
    );
  }

  readWorkspaceFile(relativePath: string): string {
    return fs.readFileSync(path.join(this.workspaceDir, relativePath), 'utf8');
  }

  /** The document's text as VS Code holds it: saved to disk, then read (robust for any length). */
  async documentText(relativePath: string): Promise<string> {
    await this.save();
    return this.readWorkspaceFile(relativePath);
  }

  /** A status bar entry by the id the extension gave it (`fastInference.status`). */
  statusBarItem(id: string) {
    // Extension entries get the DOM id `<extensionId>.<id>`.
    return this.page.locator(`.statusbar-item[id$=".${cssEscape(id)}"], .statusbar-item[id="${cssEscape(id)}"]`).first();
  }

  async waitForStatusBarItem(id: string, timeoutMs = 20000): Promise<{ text: string; ariaLabel: string }> {
    const item = this.statusBarItem(id);
    try {
      await item.waitFor({ state: 'visible', timeout: timeoutMs });
    } catch {
      const ids = await this.page.$$eval('.statusbar-item', (items) => items.map((i) => i.id));
      throw new Error(`Timed out after ${timeoutMs} ms waiting for status bar item ${id}. Items: ${ids.join(', ')}`);
    }
    return {
      text: ((await item.textContent()) ?? '').trim(),
      ariaLabel: (await item.getAttribute('aria-label')) ?? '',
    };
  }

  /** Shows a view container in the side bar by its activity bar title (no-op when it is showing). */
  async focusView(title: string, timeoutMs = 10000): Promise<void> {
    const label = `.action-label[aria-label^="${cssEscape(title)}"]`;
    const item = this.page.locator('.activitybar .action-item', { has: this.page.locator(label) }).first();
    await item.waitFor({ timeout: timeoutMs });
    const checked = () => item.evaluate((e) => e.classList.contains('checked'));
    // Clicking the container that is already showing would hide the side bar, so it is clicked
    // only while not showing; a click the workbench dropped (busy re-laying out) is made again.
    let clickedAt = 0;
    await waitUntil(
      async () => {
        if (await checked()) return true;
        if (Date.now() - clickedAt >= 2000) {
          await item.locator(label).click();
          clickedAt = Date.now();
        }
        return false;
      },
      { what: `the ${title} view container to show`, timeoutMs },
    );
  }

  /**
   * The content frame of an extension's webview (webviews are an iframe in an
   * iframe); found by the extension id in the host frame's URL and, when
   * given, a selector that must exist inside.
   */
  async webviewFrame(extensionId: string, options: { selector?: string; timeoutMs?: number } = {}): Promise<Frame> {
    const selector = options.selector ?? 'body *';
    return waitUntil(
      async () => {
        for (const frame of this.page.frames()) {
          const host = frame.parentFrame();
          if (!host || !host.url().includes(`extensionId=${encodeURIComponent(extensionId)}`)) continue;
          if (await frame.$(selector).catch(() => null)) return frame;
        }
        return undefined;
      },
      {
        what: `a webview of ${extensionId} containing ${selector}`,
        timeoutMs: options.timeoutMs ?? 20000,
        describe: () => this.page.frames().map((f) => f.url().slice(0, 120)).join(' | '),
      },
    );
  }

  async screenshot(file: string): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cssEscape(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
