// Replays a typing trace through the real completion engine the way VS Code
// calls an inline completion provider: on every key the previous call's token
// is cancelled, the edit is applied, and the provider is called again (also on
// cursor moves, which VS Code sometimes does). Records what the person would
// have seen and what the engine asked of the endpoint.
import type { CompletionEngine } from '../../src/completion/core/engine';
import type { EngineEvent, Suggestion } from '../../src/completion/core/types';
import { SimEditor } from './editor';
import type { Trace } from './typist';

/** Epoch milliseconds with sub-millisecond precision: the fake server's log uses the same scale. */
export const epochNow = (): number => performance.timeOrigin + performance.now();
/** The engine's clock (performance.now) on the epoch scale. */
export const engineToEpoch = (t: number): number => performance.timeOrigin + t;

export interface KeystrokeRecord {
  index: number;
  key: string;
  kind: 'edit' | 'move';
  /** Epoch ms when the key was applied. */
  at: number;
  /** Trace ms until the next key (Infinity for the last one). */
  gapAfter: number;
  /** The key typed what the visible ghost text showed. */
  typedThrough: boolean;
  /** The engine sent a new (not speculative) request while answering this key. */
  requested: boolean;
  /** What the call for this key returned, if it returned before the next key. */
  shown?: { at: number; text: string; source: Suggestion['source']; correct: boolean };
  /** Ghost text visible just before the next key (kept by the editor while typed through, or newly shown). */
  visibleBeforeNext?: { text: string; correct: boolean };
}

export interface SessionRecord {
  id: number;
  speculative: boolean;
  /** Epoch ms. */
  startedAt: number;
  prefixTail: string;
  abort?: { at: number; reason: string; keystroke: number };
  end?: { at: number; reason: string; state: string };
  closedAt?: number;
}

export interface TraceRun {
  trace: Trace;
  keystrokes: KeystrokeRecord[];
  sessions: SessionRecord[];
  /** Largest number of streams the engine had open at once (request → connection closed). */
  maxOpenStreamsClient: number;
}

export interface ReplayOptions {
  /** 1 = the trace's own timing; 2 = twice as fast. */
  speed: number;
  /** The prefix of each request the backend was asked for, in order (filled by the caller's backend wrapper). */
  requestPrefixes: string[];
}

/** The text the suggestion adds on its first shown line, for judging it against the file. */
function shownLine(text: string): string {
  const start = text.search(/\S/);
  if (start < 0) return text;
  const nl = text.indexOf('\n', start);
  return nl < 0 ? text : text.slice(0, nl);
}

function isCorrect(trace: Trace, prefix: string, text: string): boolean {
  return trace.text.startsWith(prefix) && trace.text.startsWith(prefix + shownLine(text));
}

const sleepUntil = (epoch: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, epoch - epochNow())));

export async function replayTrace(trace: Trace, engine: CompletionEngine, options: ReplayOptions): Promise<TraceRun> {
  const editor = new SimEditor(trace.initial.text, trace.initial.cursor, trace);
  const docKey = `bench:///${trace.filePath}`;
  const keystrokes: KeystrokeRecord[] = [];
  const sessions = new Map<number, SessionRecord>();
  let open = 0;
  let maxOpen = 0;
  const firstRequest = options.requestPrefixes.length;
  let requestIndex = firstRequest;
  const subscription = engine.onEvent((e: EngineEvent) => {
    if (e.type === 'request') {
      const prefix = options.requestPrefixes[requestIndex++] ?? '';
      sessions.set(e.sessionId, { id: e.sessionId, speculative: e.speculative, startedAt: engineToEpoch(e.at), prefixTail: prefix.slice(-60) });
      const latest = keystrokes[keystrokes.length - 1];
      if (latest && !e.speculative) latest.requested = true;
      maxOpen = Math.max(maxOpen, ++open);
    } else if (e.type === 'closed') {
      open--;
      const s = sessions.get(e.sessionId);
      if (s) s.closedAt = engineToEpoch(e.at);
    } else if (e.type === 'abort') {
      const s = sessions.get(e.sessionId);
      if (s) s.abort = { at: engineToEpoch(e.at), reason: e.reason, keystroke: keystrokes.length - 1 };
    } else if (e.type === 'end') {
      const s = sessions.get(e.sessionId);
      if (s) s.end = { at: engineToEpoch(e.at), reason: e.reason, state: e.state };
    }
  });

  const input = () => ({
    docKey,
    version: editor.version,
    offset: editor.cursor,
    prefix: editor.text.slice(0, editor.cursor),
    suffix: editor.text.slice(editor.cursor),
    languageId: trace.languageId,
    filePath: trace.filePath,
    trigger: 'automatic' as const,
  });

  // The editor is opened at the spot: the engine has seen the document.
  engine.noteDocumentChange(docKey, editor.version);
  let pending: AbortController | undefined;
  let visible: { text: string; correct: boolean } | undefined;
  const calls: Promise<void>[] = [];
  const start = epochNow();
  for (let i = 0; i < trace.keys.length; i++) {
    const { t, k } = trace.keys[i]!;
    await sleepUntil(start + t / options.speed);
    // What the person saw while deciding on this key.
    if (visible && keystrokes.length > 0) keystrokes[keystrokes.length - 1]!.visibleBeforeNext = visible;
    // The previous call is cancelled by the new keystroke, as VS Code does.
    pending?.abort();
    const before = editor.text.slice(0, editor.cursor);
    const kind = editor.press(k);
    const at = epochNow();
    const after = editor.text.slice(0, editor.cursor);
    const added = kind === 'edit' && after.length > before.length && after.startsWith(before) ? after.slice(before.length) : '';
    const typedThrough = added !== '' && visible !== undefined && visible.text.startsWith(added);
    // VS Code keeps showing the rest of ghost text that is being typed through.
    visible = typedThrough && visible!.text.length > added.length ? { text: visible!.text.slice(added.length), correct: isCorrect(trace, after, visible!.text.slice(added.length)) } : undefined;
    const next = trace.keys[i + 1];
    const record: KeystrokeRecord = { index: i, key: k, kind, at, gapAfter: next ? next.t - t : Number.POSITIVE_INFINITY, typedThrough, requested: false };
    keystrokes.push(record);
    if (kind === 'edit') engine.noteDocumentChange(docKey, editor.version);
    else engine.noteCursor(docKey, editor.cursor, editor.version);
    const controller = new AbortController();
    pending = controller;
    const prefix = after;
    calls.push(
      engine.provide(input(), controller.signal).then((suggestion) => {
        if (controller.signal.aborted) return;
        // An empty answer replaces what was showing, as the editor's new result does.
        if (!suggestion) {
          if (kind === 'edit') visible = undefined;
          return;
        }
        const correct = isCorrect(trace, prefix, suggestion.text);
        record.shown = { at: epochNow(), text: suggestion.text, source: suggestion.source, correct };
        visible = { text: suggestion.text, correct };
      }),
    );
  }
  await sleepUntil(epochNow() + 1000);
  if (visible && keystrokes.length > 0) keystrokes[keystrokes.length - 1]!.visibleBeforeNext = visible;
  pending?.abort();
  await Promise.all(calls);
  subscription.dispose();
  engine.noteActiveDocument(undefined);
  return { trace, keystrokes, sessions: [...sessions.values()], maxOpenStreamsClient: maxOpen };
}
