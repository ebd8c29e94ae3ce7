// What leaves the machine, seen from the servers' side: real sockets, the real provider client.
// A redirect to another origin is refused (that origin receives nothing), a same-origin one is
// followed; header values and URL credentials echoed back in an error never reach its message.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createInferenceClient, ProviderError } from '../../../src/providers';
import { collect, endpoint } from '../providers/helpers';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback server that logs every request and answers with `handler`. */
async function loggingServer(handler: (req: Seen, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      handler(entry, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    seen,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const sse = (res: ServerResponse, text: string) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`);
  res.end('data: [DONE]\n\n');
};

const canary = (name: string) => `CANARY${name}${randomBytes(4).toString('hex').toUpperCase()}`;
const chat = { messages: [{ role: 'user' as const, content: 'the prompt' }] };

async function chatError(client: ReturnType<typeof createInferenceClient>): Promise<ProviderError> {
  try {
    await collect(client.streamChat(chat, new AbortController().signal));
  } catch (err) {
    assert.ok(err instanceof ProviderError, String(err));
    return err;
  }
  assert.fail('the request succeeded');
}

describe('requests on the wire', () => {
  const servers: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  async function start(handler: (req: Seen, res: ServerResponse) => void) {
    const s = await loggingServer(handler);
    servers.push(s);
    return s;
  }

  it('refuses a redirect to another origin: that server receives nothing, the error names only its origin', async () => {
    const key = canary('KEY');
    const header = canary('HEADER');
    const other = await start((_req, res) => sse(res, 'leaked'));
    const main = await start((_req, res) => {
      res.writeHead(307, { location: `${other.origin}/v1/chat/completions?steal=${key}` });
      res.end();
    });
    const client = createInferenceClient(endpoint({ baseUrl: `${main.origin}/v1`, apiKey: key, headers: { 'x-api-key': header } }));
    const error = await chatError(client);
    assert.equal(other.seen.length, 0, 'the other origin received a request');
    assert.equal(main.seen.length, 1);
    assert.equal(error.kind, 'network');
    assert.equal(error.action, 'check-url');
    assert.match(error.message, new RegExp(`answered 307 with a redirect to another server \\(${other.origin.replace(/\./g, '\\.')}\\)`));
    assert.ok(!error.message.includes(key) && !error.message.includes(header) && !error.message.includes('steal'), error.message);
  });

  for (const status of [301, 302, 303, 308]) {
    it(`refuses a ${status} to another origin too`, async () => {
      const other = await start((_req, res) => sse(res, 'leaked'));
      const main = await start((_req, res) => (res.writeHead(status, { location: `${other.origin}/v1/chat/completions` }), res.end()));
      const error = await chatError(createInferenceClient(endpoint({ baseUrl: `${main.origin}/v1` })));
      assert.equal(other.seen.length, 0);
      assert.match(error.message, new RegExp(`answered ${status} with a redirect to another server`));
    });
  }

  it('follows a same-origin 307 with the same body and headers', async () => {
    const main = await start((req, res) => {
      if (req.url.startsWith('/old/')) {
        res.writeHead(307, { location: req.url.replace('/old/', '/new/') });
        return res.end();
      }
      sse(res, 'moved fine');
    });
    const client = createInferenceClient(endpoint({ baseUrl: `${main.origin}/old`, headers: { 'x-team': 'blue' } }));
    const { content } = await collect(client.streamChat(chat, new AbortController().signal));
    assert.equal(content, 'moved fine');
    assert.deepEqual(main.seen.map((r) => `${r.method} ${r.url}`), ['POST /old/chat/completions', 'POST /new/chat/completions']);
    assert.equal(main.seen[1].body, main.seen[0].body);
    assert.equal(main.seen[1].headers['x-team'], 'blue');
  });

  it('gives up after a same-origin redirect loop', async () => {
    const main = await start((req, res) => (res.writeHead(302, { location: req.url }), res.end()));
    const error = await chatError(createInferenceClient(endpoint({ baseUrl: `${main.origin}/v1` })));
    assert.match(error.message, /redirected more than 5 times/);
    assert.equal(main.seen.length, 5);
  });

  it('never shows header values or the key that an endpoint echoes in a 400 or 403 body', async () => {
    const key = canary('KEY');
    const apiKeyHeader = canary('APIKEY');
    const basic = Buffer.from(`user:${canary('BASIC')}`).toString('base64');
    for (const status of [400, 403]) {
      const main = await start((req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `rejected, you sent ${JSON.stringify(req.headers)}` } }));
      });
      const client = createInferenceClient(
        endpoint({ baseUrl: `${main.origin}/v1`, apiKey: key, headers: { 'api-key': apiKeyHeader, Authorization: `Basic ${basic}` } }),
      );
      const error = await chatError(client);
      assert.equal(main.seen[0].headers['api-key'], apiKeyHeader, 'the header was sent');
      assert.match(error.message, new RegExp(`\\(${status}\\)`));
      for (const secret of [key, apiKeyHeader, basic]) assert.ok(!error.message.includes(secret), `${secret} in: ${error.message}`);
    }
  });

  it('sends the base URL’s query with every request and never shows its key', async () => {
    const key = canary('QUERY');
    const main = await start((req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `bad request to ${req.url}` } }));
    });
    const error = await chatError(createInferenceClient(endpoint({ baseUrl: `${main.origin}/v1?api-version=2024-10-21&api_key=${key}` })));
    const url = new URL(main.seen[0].url, main.origin);
    assert.equal(url.pathname, '/v1/chat/completions');
    assert.equal(url.searchParams.get('api_key'), key);
    assert.equal(url.searchParams.get('api-version'), '2024-10-21');
    assert.ok(!error.message.includes(key), error.message);
    assert.match(error.message, /rejected the request \(400\)/);
  });

  it('sends user:password of the base URL as Basic authorization, and never shows them', async () => {
    const password = canary('PASSWORD');
    const main = await start((_req, res) => (res.writeHead(403), res.end('forbidden')));
    const error = await chatError(createInferenceClient(endpoint({ baseUrl: `${main.origin.replace('//', `//alice:${password}@`)}/v1` })));
    assert.equal(main.seen[0].headers.authorization, `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`);
    assert.ok(!error.message.includes(password), error.message);
  });

  it('never shows a key in the base URL when nothing listens there', async () => {
    const key = canary('QUERY');
    const closed = await loggingServer(() => undefined);
    await closed.close();
    const error = await chatError(createInferenceClient(endpoint({ baseUrl: `${closed.origin}/v1?key=${key}` })));
    assert.equal(error.kind, 'connection-refused');
    assert.ok(!error.message.includes(key), error.message);
  });
});
