// Types files into the real VS Code (code-server in headless Chromium, the
// packaged extension installed) against the fake server's oracle, at the
// pace of a typing plan, and collects the DOM record and the server's log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { customProfile, launchVsCode, sleep, useProfile, type VsCodeSession } from '../../test/e2e/harness';
import { loadTrace } from '../typing/run';
import { analyseFile, type FileFigures } from './analyse';
import { planTyping, type PlanOptions, type TypingPlan } from './plan';
import { installRecorder, pageClockOffset, readRecord, stampKey } from './recorder';

/**
 * The editor types exactly what the keys say: no auto-closed brackets or
 * quotes, no indentation on Enter, no formatting. The person types every
 * character of the file, indentation included. Quick suggestions and the
 * suggest widget are already off in the test profile.
 */
export const LITERAL_EDITOR_SETTINGS: Record<string, unknown> = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoClosingComments': 'never',
  'editor.autoClosingOvertype': 'never',
  'editor.autoClosingDelete': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.formatOnPaste': false,
  'editor.linkedEditing': false,
  'editor.tabSize': 4,
  'editor.detectIndentation': false,
  // Less drawing unrelated to the measurement.
  'editor.cursorBlinking': 'solid',
  'editor.stickyScroll.enabled': false,
  'editor.occurrencesHighlight': 'off',
  'editor.matchBrackets': 'never',
  'files.insertFinalNewline': false,
  'files.trimTrailingWhitespace': false,
  'files.trimFinalNewlines': false,
};

export interface EndpointSetting {
  ttftMs: number;
  tokensPerSecond: number;
  wrongLines: number;
}

export interface FileChoice {
  /** A trace name in bench/traces: its file is typed. */
  trace: string;
  fromLine?: number;
  toLine?: number;
}

export interface FileRun {
  trace: string;
  filePath: string;
  languageId: string;
  lines: { from: number; to: number; total: number };
  figures: FileFigures;
  /** Wall time of the typing, s. */
  typingSeconds: number;
  /** Where the saved document first differs from the file, when it does. */
  documentDiff?: { offset: number; expected: string; got: string };
}

export interface EditorRun {
  endpoint: EndpointSetting;
  plan: { seed: number; keyGapMs: [number, number]; pauseMs: [number, number] };
  startup: VsCodeSession['timings'];
  files: FileRun[];
}

/** How long the last key's window lasts, and how long streams get to end before the log is read. */
const TAIL_MS = 1200;

/** The first place two texts differ, with a little of each from there. */
export function firstDifference(expected: string, got: string): { offset: number; expected: string; got: string } {
  let i = 0;
  while (i < expected.length && expected[i] === got[i]) i++;
  return { offset: i, expected: expected.slice(i, i + 40), got: got.slice(i, i + 40) };
}

const epochNow = () => performance.timeOrigin + performance.now();

async function pressPlanned(page: Page, ch: string): Promise<void> {
  if (ch === '\n') await page.keyboard.press('Enter');
  else if (ch === '\t') {
    // The Tab key would accept a visible suggestion; a person indenting with tabs gets a tab character.
    await stampKey(page, 'Tab');
    await page.keyboard.insertText('\t');
  } else await page.keyboard.type(ch);
}

/** Presses the plan's keys at their times (from now); returns the wall time taken, ms. */
async function typePlan(page: Page, plan: TypingPlan): Promise<number> {
  const start = epochNow();
  for (const key of plan.keys) {
    const wait = start + key.t - epochNow();
    if (wait > 0) await sleep(wait);
    await pressPlanned(page, key.ch);
  }
  return epochNow() - start;
}

export async function runEditorBench(options: {
  files: FileChoice[];
  endpoint: EndpointSetting;
  planOptions: Omit<PlanOptions, 'fromLine' | 'toLine'> & { keyGapMs: [number, number]; pauseMs: [number, number] };
  log?: (line: string) => void;
  /** Writes each file's DOM record and the server's log there, for reading a miss. */
  rawDir?: string;
}): Promise<EditorRun> {
  const log = options.log ?? (() => undefined);
  const traces = options.files.map((f) => ({ choice: f, trace: loadTrace(f.trace) }));
  const workspaceFiles: Record<string, string> = {};
  const plans = new Map<string, TypingPlan>();
  for (const { choice, trace } of traces) {
    const plan = planTyping(trace.text, { ...options.planOptions, fromLine: choice.fromLine, toLine: choice.toLine });
    if (plan.keys.length === 0) throw new Error(`${choice.trace}: nothing to type in the lines chosen`);
    plans.set(choice.trace, plan);
    workspaceFiles[trace.filePath] = plan.initialText;
  }
  const session = await launchVsCode({
    files: workspaceFiles,
    fakeServers: {
      main: {
        ttftMs: options.endpoint.ttftMs,
        tokensPerSecond: options.endpoint.tokensPerSecond,
        response: { kind: 'oracle', documents: traces.map(({ trace }) => ({ text: trace.text })), wrongLines: options.endpoint.wrongLines },
      },
    },
    settings: (fake) => ({
      ...LITERAL_EDITOR_SETTINGS,
      ...useProfile(customProfile('fake', fake.main.baseUrl, { fimTransport: 'completions-suffix' })),
    }),
  });
  const t = session.timings;
  log(`VS Code ready: install ${t.installMs} ms, code-server ${t.codeServerMs} ms, workbench ${t.workbenchMs} ms, activation ${t.activationMs} ms`);
  const files: FileRun[] = [];
  try {
    for (const { choice, trace } of traces) {
      const plan = plans.get(choice.trace)!;
      const { workbench, page, fake } = session;
      await workbench.openFile(trace.filePath);
      // Ctrl+Home, then down to the spot: typing starts at the start of the block's line.
      const startLine = plan.text.slice(0, plan.startOffset).split('\n').length;
      if (startLine > 1) await workbench.goTo(startLine, 1);
      else await workbench.press('Control+Home');
      const clockOffsetMs = await pageClockOffset(page);
      // Let anything the opening started settle, then count from a clean log.
      await sleep(500);
      fake.main.clearLog();
      await installRecorder(page);
      const lines = { from: choice.fromLine ?? 1, to: choice.toLine ?? trace.text.replace(/\n$/, '').split('\n').length, total: trace.text.replace(/\n$/, '').split('\n').length };
      log(`${choice.trace}: typing ${plan.keys.length} keys (lines ${lines.from}-${lines.to} of ${trace.filePath}), about ${Math.round(plan.keys[plan.keys.length - 1]!.t / 1000)} s`);
      const typingMs = await typePlan(page, plan);
      await sleep(TAIL_MS);
      const record = await readRecord(page);
      const server = fake.main.requests();
      const finalText = await workbench.documentText(trace.filePath);
      if (options.rawDir) {
        fs.mkdirSync(options.rawDir, { recursive: true });
        fs.writeFileSync(path.join(options.rawDir, `${choice.trace}.json`), JSON.stringify({ plan, record, server, clockOffsetMs }));
      }
      const figures = analyseFile({ file: trace.filePath, plan, record, server, clockOffsetMs, finalText, tailMs: TAIL_MS });
      const typingSeconds = Math.round(typingMs / 100) / 10;
      files.push({ trace: choice.trace, filePath: trace.filePath, languageId: trace.languageId, lines, figures, typingSeconds, ...(figures.documentMatches ? {} : { documentDiff: firstDifference(plan.text, finalText) }) });
      log(`${choice.trace}: correct ghost text at ${figures.pausesCorrect} of ${figures.pauses} pauses, ${figures.requests} requests, ${figures.serverTokens} server tokens; document ${figures.documentMatches ? 'matches' : 'DIFFERS FROM'} the file`);
    }
  } finally {
    await session.close();
  }
  return {
    endpoint: options.endpoint,
    plan: { seed: options.planOptions.seed, keyGapMs: options.planOptions.keyGapMs, pauseMs: options.planOptions.pauseMs },
    startup: session.timings,
    files,
  };
}
