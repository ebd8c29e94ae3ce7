// OpenAI function calling through the client: tools and tool turns on the wire, streamed
// tool_call fragments gathered into whole calls, and what /v1/models says about limits.
import * as assert from 'node:assert/strict';
import { createInferenceClient, readModelDetails } from '../../../src/providers';
import { ToolCallCollector, toWireMessages } from '../../../src/providers/tools';
import type { SpeedSample } from '../../../src/providers/types';
import { collect, endpoint, jsonResponse, scriptedFetch, sseResponse } from './helpers';

const fragment = (index: number, part: Record<string, unknown>) => ({ choices: [{ index: 0, delta: { tool_calls: [{ index, ...part }] } }] });

describe('tool calls on the wire', () => {
  it('sends tools, tool_choice and tool turns, and gathers streamed fragments into whole calls', async () => {
    const { fetch, requests } = scriptedFetch(() =>
      sseResponse([
        { data: { choices: [{ index: 0, delta: { role: 'assistant', content: 'Let me look.' } }] } },
        { data: fragment(0, { id: 'call_a', type: 'function', function: { name: 'read_file', arguments: '' } }) },
        { data: fragment(0, { function: { arguments: '{"path":' } }) },
        { data: fragment(1, { id: 'call_b', type: 'function', function: { name: 'list', arguments: '{}' } }) },
        { data: fragment(0, { function: { arguments: '"a.ts"}' } }) },
        { data: { choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
      ]),
    );
    const samples: SpeedSample[] = [];
    const client = createInferenceClient(endpoint(), { fetch, observer: { onEnd: (e) => samples.push(e.sample) } });
    const stream = client.streamChat(
      {
        messages: [
          { role: 'user', content: 'read a.ts' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'call_0', name: 'list', arguments: '{}' }] },
          { role: 'tool', toolCallId: 'call_0', content: 'a.ts' },
        ],
        tools: [{ name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } }],
        toolChoice: 'required',
      },
      new AbortController().signal,
    );
    const got = await collect(stream);
    const outcome = await stream.outcome;
    assert.equal(got.content, 'Let me look.');
    assert.deepEqual(outcome.toolCalls, [
      { id: 'call_a', name: 'read_file', arguments: '{"path":"a.ts"}' },
      { id: 'call_b', name: 'list', arguments: '{}' },
    ]);
    assert.equal(outcome.finishReason, 'tool_calls');
    assert.equal(samples.length, 1, 'the request is measured like any chat request');

    const body = requests[0]!.body;
    assert.equal(body.tool_choice, 'required');
    assert.deepEqual(body.tools, [
      { type: 'function', function: { name: 'read_file', description: 'Reads a file', parameters: { type: 'object', properties: { path: { type: 'string' } } } } },
    ]);
    assert.deepEqual(body.messages, [
      { role: 'user', content: 'read a.ts' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'list', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_0', content: 'a.ts' },
    ]);
  });

  it('a call that is all the answer counts as its first token: no first-token timeout', async () => {
    const { fetch } = scriptedFetch(() => sseResponse([{ data: fragment(0, { id: 'c', function: { name: 'now', arguments: '{}' } }) }]));
    const client = createInferenceClient(endpoint(), { fetch });
    const stream = client.streamChat({ messages: [{ role: 'user', content: 'time?' }], tools: [{ name: 'now', description: 'The time' }] }, new AbortController().signal);
    await collect(stream);
    const outcome = await stream.outcome;
    assert.deepEqual(outcome.toolCalls, [{ id: 'c', name: 'now', arguments: '{}' }]);
    assert.notEqual(outcome.sample.ttftMs, null);
    assert.equal(outcome.sample.error, undefined);
  });

  it('requests without tools send no tools field and report no calls', async () => {
    const { fetch, requests } = scriptedFetch(() => sseResponse([{ data: fragment(0, { id: 'c', function: { name: 'x', arguments: '{}' } }) }, { data: { choices: [{ index: 0, delta: { content: 'hi' } }] } }]));
    const stream = createInferenceClient(endpoint(), { fetch }).streamChat({ messages: [{ role: 'user', content: 'q' }] }, new AbortController().signal);
    await collect(stream);
    assert.equal((await stream.outcome).toolCalls, undefined);
    assert.equal('tools' in requests[0]!.body, false);
    assert.equal('tool_choice' in requests[0]!.body, false);
  });

  it('the collector reads whole calls without an index, names calls without an id and drops nameless ones', () => {
    const collector = new ToolCallCollector();
    assert.equal(collector.observe({ choices: [{ delta: { tool_calls: [{ function: { name: 'a', arguments: '{"x":1}' } }, { function: { name: 'b' } }] } }] }), 7);
    collector.observe({ choices: [{ delta: { tool_calls: [{ index: 5, function: { arguments: '{}' } }] } }] });
    assert.equal(collector.observe({ choices: [{ delta: { content: 'text' } }] }), 0);
    assert.equal(collector.observe('not an event'), 0);
    assert.deepEqual(collector.result(7), [
      { id: 'call_7_0', name: 'a', arguments: '{"x":1}' },
      { id: 'call_7_1', name: 'b', arguments: '{}' },
    ]);
  });

  it('an assistant turn without calls and system turns go out as plain messages', () => {
    assert.deepEqual(toWireMessages([{ role: 'system', content: 's' }, { role: 'assistant', content: 'a', toolCalls: [] }]), [
      { role: 'system', content: 's' },
      { role: 'assistant', content: 'a' },
    ]);
  });
});

describe('model details from /v1/models', () => {
  it('reads each provider’s names for the context window and the output limit', () => {
    assert.deepEqual(readModelDetails({ id: 'llama-3.3-70b-versatile', context_window: 131072, max_completion_tokens: 32768 }), {
      id: 'llama-3.3-70b-versatile', contextTokens: 131072, maxOutputTokens: 32768,
    });
    assert.deepEqual(readModelDetails({ id: 'x/y', context_length: 8192, top_provider: { max_completion_tokens: 2048 } }), { id: 'x/y', contextTokens: 8192, maxOutputTokens: 2048 });
    assert.deepEqual(readModelDetails({ id: 'q', max_model_len: 32768 }), { id: 'q', contextTokens: 32768 });
    assert.deepEqual(readModelDetails({ id: 'g.gguf', meta: { n_ctx_train: 4096 } }), { id: 'g.gguf', contextTokens: 4096 });
    assert.deepEqual(readModelDetails({ id: 'plain', context_window: -1 }), { id: 'plain' });
    assert.equal(readModelDetails({ object: 'model' }), undefined);
  });

  it('the client lists them from the server', async () => {
    const { fetch, requests } = scriptedFetch(() => jsonResponse(200, { object: 'list', data: [{ id: 'a', context_window: 1000 }, { id: 'b' }, { nope: 1 }] }));
    const details = await createInferenceClient(endpoint(), { fetch }).listModelDetails?.();
    assert.deepEqual(details, [{ id: 'a', contextTokens: 1000 }, { id: 'b' }]);
    assert.equal(requests[0]!.url, 'http://127.0.0.1:9/v1/models');
  });
});
