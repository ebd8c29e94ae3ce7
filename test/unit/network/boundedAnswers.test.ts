// A server that ignores max_tokens: the client closes the request a margin past the limit and
// ends the answer as complete, whatever the stream would have gone on to send.
import * as assert from 'node:assert/strict';
import { createInferenceClient } from '../../../src/providers';
import { answerTokenCeiling } from '../../../src/providers/stream/generation';
import { CHARS_PER_TOKEN } from '../../../src/shared/tokens';
import { chatChunk, collect, endpoint, scriptedFetch } from '../providers/helpers';

/** An SSE body that never ends by itself: one 8-character chunk per read. */
function endlessAnswer(): { response: Response; cancelled: () => boolean; chunks: () => number } {
  const encoder = new TextEncoder();
  let sent = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      sent++;
      controller.enqueue(encoder.encode(`data: ${JSON.stringify(chatChunk('abcdefgh'))}\n\n`));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }), cancelled: () => cancelled, chunks: () => sent };
}

describe('bounded chat answers', () => {
  it('closes a stream that goes past max_tokens and keeps what came as a complete answer', async () => {
    const answer = endlessAnswer();
    const { fetch, requests } = scriptedFetch(() => answer.response);
    const client = createInferenceClient(endpoint({ baseUrl: 'http://127.0.0.1:9/v1', chatMaxTokens: 100 }), { fetch });
    const stream = client.streamChat({ messages: [{ role: 'user', content: 'go on forever' }] }, new AbortController().signal);
    const { content } = await collect(stream);
    const outcome = await stream.outcome;
    assert.equal(requests[0].body.max_tokens, 100);
    assert.equal(outcome.finishReason, 'length');
    assert.equal(outcome.aborted, false);
    const ceiling = answerTokenCeiling(100);
    assert.ok(content.length > 100 * CHARS_PER_TOKEN, `only ${content.length} characters`);
    // Each chunk is one token by count and two by characters: the count passes the ceiling first.
    assert.ok(content.length <= (ceiling + 1) * 8, `${content.length} characters`);
    assert.equal(requests[0].signal?.aborted, true, 'the request was closed');
  });

  it('takes a request’s own max_tokens over the profile’s', async () => {
    const answer = endlessAnswer();
    const { fetch } = scriptedFetch(() => answer.response);
    const client = createInferenceClient(endpoint({ chatMaxTokens: 10_000 }), { fetch });
    const stream = client.streamChat({ messages: [{ role: 'user', content: 'x' }], maxTokens: 20 }, new AbortController().signal);
    const { content } = await collect(stream);
    assert.ok(content.length <= (answerTokenCeiling(20) + 1) * 8, `${content.length} characters`);
    assert.equal((await stream.outcome).finishReason, 'length');
  });
});
