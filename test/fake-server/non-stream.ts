// A non-streamed answer: the whole body is sent when the last token would have
// been generated (ttft + the tokens at the configured rate), as a real server does.
import { epochNow, type Exchange } from './exchange';
import { nonStreamBody, type AnswerContext } from './flavours';
import { infillFinal } from './shapes';
import { HUGE_LINE_DEFAULT_BYTES } from './stream-faults';
import { tokenDueMs, type Pacing } from './stream';
import type { RunStats } from './timing';
import type { FaultSpec } from './types';

export function runNonStream(ex: Exchange, ctx: AnswerContext, pacing: Pacing, fault: FaultSpec | undefined, receivedPerf: number): void {
  const tokens = ctx.generation.tokens;
  const stall = fault && (fault.type === 'stall-after-first' || fault.type === 'no-first-token') ? fault.stallMs ?? 5000 : 0;
  const ttftMs = pacing.ttftMs + (fault?.type === 'no-first-token' ? stall : 0);
  const readyAt = receivedPerf + pacing.ttftMs + stall + (tokens.length > 0 ? tokenDueMs(tokens.length - 1, pacing) : 0);

  ex.setTimer(() => {
    const stats: RunStats = {
      promptTokens: ctx.generation.promptTokens,
      cachedTokens: ctx.cachedTokens ?? 0,
      completionTokens: tokens.length,
      reasoningTokens: tokens.filter((t) => t.channel === 'reasoning').length,
      ttftMs,
      tokensPerSecond: pacing.tokensPerSecond,
      startEpochMs: ex.record.receivedAt,
      endEpochMs: epochNow(),
    };
    const payload =
      ctx.route === 'infill'
        ? infillFinal(ctx, stats, tokens.map((t) => t.text).join(''))
        : nonStreamBody(ctx, stats, ctx.generation.finishReason);
    const text = JSON.stringify(payload);
    ex.writeHead(200, { 'content-type': 'application/json', 'x-request-id': ctx.id });
    if (tokens.length > 0) ex.record.firstTokenAt = epochNow();
    ex.record.tokensSent = tokens.length;
    const half = text.slice(0, Math.floor(text.length / 2));
    switch (fault?.type) {
      case 'truncate':
        return ex.cut(half);
      case 'malformed-json':
        return ex.end(half);
      case 'invalid-utf8':
        return ex.end(withInvalidBytes(text));
      case 'huge-line': {
        const size = fault.bytes ?? HUGE_LINE_DEFAULT_BYTES;
        return ex.end(`{"x_padding":"${'x'.repeat(Math.max(0, size - text.length))}",${text.slice(1)}`);
      }
      default:
        return ex.end(text);
    }
  }, Math.ceil(readyAt - performance.now()));
}

/** The body with bytes that are not UTF-8 at the start of the answer's text. */
function withInvalidBytes(text: string): Buffer {
  const marker = /"(content|text)":"/.exec(text);
  const at = marker ? marker.index + marker[0].length : 1;
  return Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from(text.slice(at))]);
}
