import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import OpenAI from 'openai';
import { replaySchedule, splitSseEvents } from '../../fake-server/replay';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import { RECORDINGS_DIR, recordedStreams, skipForMissingRecordings } from '../support/recordings';
import { chatBody, send } from './client';

describe('fake server: replay of recorded streams', function () {
  this.timeout(15000);
  let server: FakeServer;
  let files: string[] = [];
  before(async function () {
    files = recordedStreams();
    if (files.length === 0) {
      skipForMissingRecordings('fake server: replay of recorded streams', this.test?.parent?.tests.length ?? 0);
      this.skip();
    }
    server = await startFakeServer({ ttftMs: 5, tokensPerSecond: 20000 });
  });
  after(() => server?.close());
  beforeEach(() => server?.reset());

  it('splits a body into events without losing a byte', () => {
    for (const file of files) {
      const body = readFileSync(file);
      assert.ok(Buffer.concat(splitSseEvents(body).map((e) => e.bytes)).equals(body), path.basename(file));
    }
  });

  for (const pace of ['instant', 'recorded', 'rate'] as const) {
    it(`serves every recording byte for byte (${pace})`, async () => {
      for (const file of files) {
        server.configure({ replay: { file, pace } });
        const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
        assert.equal(r.status, 200);
        assert.ok(r.body.equals(readFileSync(file)), `${path.basename(file)} differs`);
      }
    });
  }

  it('lets the openai SDK read what each provider sent', async () => {
    const client = new OpenAI({ apiKey: 'k', baseURL: server.baseUrl, maxRetries: 0 });
    for (const file of files) {
      const expected = JSON.parse(readFileSync(file.replace(/\.sse$/, '.expected.json'), 'utf8')) as { content: string; completion_tokens: number };
      server.configure({ replay: { file, pace: 'instant' } });
      const stream = await client.chat.completions.create({ model: 'm', messages: [], stream: true });
      let content = '';
      let tokens: number | undefined;
      for await (const chunk of stream) {
        content += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) tokens = chunk.usage.completion_tokens;
      }
      assert.equal(content, expected.content, path.basename(file));
      assert.equal(tokens, expected.completion_tokens, path.basename(file));
    }
  });

  it("'recorded' sends data events one token interval apart after ttft", async () => {
    const file = files.find((f) => f.includes('groq'))!;
    server.configure({ ttftMs: 60, tokensPerSecond: 50, replay: { file, pace: 'recorded' } });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
    const data = r.events.filter((e) => e.data);
    // Never early; late only by what a busy machine adds (a generous bound: the order and the
    // lower bounds are the pacing, the precise figures are benchmark material).
    const first = data[0]!.at - r.startedAt;
    assert.ok(first >= 60 && first < 60 + 1000, `first event after ${first} ms`);
    // Measured from the request (a late read can bunch events up, but none can arrive before it is due).
    data.forEach((e, i) => {
      const at = e.at - r.startedAt;
      const due = 60 + i * 20;
      assert.ok(at >= due - 1 && at < due + 1000, `event ${i} at ${at} ms, due at ${due}`);
    });
  });

  it('sends comments ahead of the first data event at once', async () => {
    const file = files.find((f) => f.includes('openrouter__glm'))!;
    server.configure({ ttftMs: 100, replay: { file, pace: 'rate' } });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
    assert.ok(r.events[0]!.raw.startsWith(': OPENROUTER PROCESSING'));
    const firstData = r.events.find((e) => e.data)!;
    assert.ok(r.events[0]!.at < firstData.at, 'the comment comes first');
    assert.ok(firstData.at - r.startedAt >= 100, 'data waits for the first token time');
  });

  it("'rate' spaces events by the tokens they carry", () => {
    const body = Buffer.from('data: {"choices":[{"delta":{"role":"assistant"}}]}\n\ndata: {"choices":[{"delta":{"content":"ab cd"}}]}\n\n' +
      'data: {"choices":[{"delta":{"content":"x"}}]}\n\ndata: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
    const events = splitSseEvents(body);
    assert.deepEqual(events.map((e) => e.tokens), [0, 3, 1, 0, 0]);
    // role chunk and the first content go at ttft; "x" after the first event's 3 tokens; the end right after it
    assert.deepEqual(replaySchedule(events, 'rate', 1000), [0, 0, 3, 3, 3]);
    assert.deepEqual(replaySchedule(events, 'recorded', 1000), [0, 1, 2, 3, 4]);
  });

  it('answers 500 when the replay file is missing', async () => {
    server.configure({ replay: { file: path.join(RECORDINGS_DIR, 'missing.sse'), pace: 'instant' } });
    const r = await send(`${server.baseUrl}/chat/completions`, chatBody());
    assert.equal(r.status, 500);
  });
});
