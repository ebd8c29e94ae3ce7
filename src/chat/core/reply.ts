// Streams one assistant reply: request → deltas into the conversation model →
// batched posts to the webview → final status with the reply's speed. Stopping
// aborts the request (the provider closes the connection) and keeps the
// partial answer.
import type { ChatRequest, GenerationStream, StreamOutcome } from '../../providers/types';
import type { Clock, Timers } from '../../shared/clock';
import type { ErrorView, ReplySpeed } from '../../shared/chatProtocol';
import { DeltaBatcher, type DeltaBatch } from './batcher';
import { appendDelta, speedFromSample, type StoredMessage } from './conversation';
import { errorView } from './errors';

export interface ChatStreamer {
  streamChat(req: ChatRequest, signal: AbortSignal): GenerationStream;
}

export interface ReplyResult {
  status: 'done' | 'stopped' | 'error';
  speed?: ReplySpeed;
  error?: ErrorView;
}

export interface ReplyOptions {
  /** Resolves the client lazily so a missing key or bad profile shows as a reply error. */
  client: () => Promise<ChatStreamer>;
  request: ChatRequest;
  signal: AbortSignal;
  reply: StoredMessage;
  /** Called with each coalesced batch, at most once per flush interval. */
  post: (batch: DeltaBatch) => void;
  /** Called after each delta lands in the model (the store schedules a save). */
  changed: () => void;
  clock: Clock;
  timers: Timers;
  flushIntervalMs?: number;
}

export async function runReply(options: ReplyOptions): Promise<ReplyResult> {
  const { reply, signal } = options;
  const batcher = new DeltaBatcher(options.post, options.clock, options.timers, options.flushIntervalMs);
  let stream: GenerationStream | undefined;
  try {
    const client = await options.client();
    if (signal.aborted) return { status: 'stopped' };
    stream = client.streamChat(options.request, signal);
    for await (const delta of stream) {
      appendDelta(reply, delta);
      batcher.push(delta);
      options.changed();
    }
    const outcome: StreamOutcome = await stream.outcome;
    batcher.flush();
    return { status: outcome.aborted ? 'stopped' : 'done', speed: speedFromSample(outcome.sample) };
  } catch (err) {
    batcher.flush();
    // `outcome` rejects with the same error; observe it so it is never reported as unhandled.
    stream?.outcome.catch(() => undefined);
    if (signal.aborted) return { status: 'stopped' };
    return { status: 'error', error: errorView(err) };
  } finally {
    batcher.dispose();
  }
}
