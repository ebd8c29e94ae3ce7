// Cuts recorded typing traces into segments of about the same length, each
// starting at a pause with the editor as the trace had left it there, so the
// segments of one strategy can be replayed side by side (each as its own
// editor window) and the whole grid runs in minutes at real-time pace.
import { SimEditor } from '../typing/editor';
import type { Trace } from '../typing/typist';

/** A gap this long before a key is a pause: a natural place to start a segment. */
const PAUSE_MS = 500;
/** The first key of a later segment comes after the pause it was cut at, at most this long. */
const MAX_LEAD_MS = 2000;

export function segmentTrace(trace: Trace, targetMs: number): Trace[] {
  const editor = new SimEditor(trace.initial.text, trace.initial.cursor, trace);
  const segments: Trace[] = [];
  let start = 0;
  const cut = (end: number) => {
    const first = trace.keys[start]!;
    const lead = start === 0 ? first.t : Math.min(MAX_LEAD_MS, first.t - trace.keys[start - 1]!.t);
    segments.push({
      ...trace,
      name: `${trace.name}#${segments.length + 1}`,
      initial: { text: editor.text, cursor: editor.cursor },
      keys: trace.keys.slice(start, end).map((k) => ({ t: k.t - first.t + lead, k: k.k })),
    });
    for (let i = start; i < end; i++) editor.press(trace.keys[i]!.k);
    start = end;
  };
  for (let i = 1; i < trace.keys.length; i++) {
    const elapsed = trace.keys[i - 1]!.t - trace.keys[start]!.t;
    const gap = trace.keys[i]!.t - trace.keys[i - 1]!.t;
    // Cut at the first pause past the target, or anyway well past it; never leave a short tail.
    const remaining = trace.keys[trace.keys.length - 1]!.t - trace.keys[i]!.t;
    if (remaining >= targetMs / 2 && ((elapsed >= targetMs && gap >= PAUSE_MS) || elapsed >= 1.5 * targetMs)) cut(i);
  }
  cut(trace.keys.length);
  return segments;
}

/** Keeps only the first `maxMs` of a trace (for a quick run). */
export function truncateTrace(trace: Trace, maxMs: number): Trace {
  const keys = trace.keys.filter((k) => k.t <= maxMs);
  return { ...trace, keys };
}
