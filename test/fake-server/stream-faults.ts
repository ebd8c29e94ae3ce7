// The broken pieces a stream fault writes in the middle of an otherwise normal
// stream. They are built from a real chunk of the route's shape so clients see
// the provider's framing with one thing wrong.
import type { StreamShape } from './shapes';
import type { FaultSpec } from './types';

export interface FaultEffect {
  /** Written at the fault point; the stream then goes on. */
  before: string | Buffer;
  /** Pause the remaining tokens by this much. */
  stallMs?: number;
  /** Write this, then destroy the socket. */
  cut?: string;
}

export const HUGE_LINE_DEFAULT_BYTES = 10 * 1024 * 1024;
const INVALID_UTF8 = Buffer.from([0xff, 0xfe, 0xc3, 0x28]);
const PLACEHOLDER = 'INVALID_BYTES_HERE';

/** The JSON of one token event of this shape, without `data: ` and the blank line. */
function chunkJson(shape: StreamShape, text: string, sent: number): string {
  const event = shape.tokens(text, 'content', sent);
  return event.slice('data: '.length, event.length - 2);
}

export function faultEvent(fault: FaultSpec, shape: StreamShape, sent: number): FaultEffect {
  switch (fault.type) {
    case 'malformed-json': {
      const json = chunkJson(shape, 'broken', sent);
      return { before: `data: ${json.slice(0, Math.floor(json.length / 2))}\n\n` };
    }
    case 'truncate': {
      const json = chunkJson(shape, 'cut', sent);
      return { before: '', cut: `data: ${json.slice(0, Math.floor(json.length / 2))}` };
    }
    case 'stall-after-first':
      return { before: '', stallMs: fault.stallMs ?? 5000 };
    case 'huge-line': {
      // A valid chunk with empty content and a padding field: content stays checkable, the line is huge.
      const json = chunkJson(shape, '', sent);
      const size = fault.bytes ?? HUGE_LINE_DEFAULT_BYTES;
      const padding = 'x'.repeat(Math.max(0, size - json.length - '"x_padding":"",'.length - 'data: '.length));
      return { before: `data: {"x_padding":"${padding}",${json.slice(1)}\n\n` };
    }
    case 'invalid-utf8': {
      const [head, tail] = chunkJson(shape, PLACEHOLDER, sent).split(PLACEHOLDER) as [string, string];
      return { before: Buffer.concat([Buffer.from(`data: ${head}`), INVALID_UTF8, Buffer.from(`${tail}\n\n`)]) };
    }
    default:
      return { before: '' };
  }
}
