import * as assert from 'node:assert/strict';
import { APIConnectionError, APIError } from 'openai';
import { ProviderError, summariseHtml, toProviderError, type ErrorContext } from '../../../src/providers/errors';
import { isTransportRefusal } from '../../../src/providers/fim/auto';
import { normaliseErrorBody } from '../../../src/providers/openaiClient';

const KEY = 'gsk_live_0123456789abcdefghijklmnop';
const ctx = (over: Partial<ErrorContext> = {}): ErrorContext => ({
  providerName: 'Groq',
  baseUrl: 'https://api.groq.com/openai/v1',
  model: 'llama-3.3-70b-versatile',
  secrets: [KEY],
  hasKey: true,
  ...over,
});

/** Builds the APIError the SDK raises for this response, after our body normalisation. */
function apiError(status: number, body: unknown, headers: Record<string, string> = {}): APIError {
  const text = normaliseErrorBody(typeof body === 'string' ? body : JSON.stringify(body));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return APIError.generate(status, undefined, text, new Headers(headers));
  }
  return APIError.generate(status, json as object, undefined, new Headers(headers));
}

function socketError(code: string): APIConnectionError {
  const cause = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
  return new APIConnectionError({ message: 'Connection error.', cause });
}

describe('toProviderError', () => {
  it('refused connection on a local server: is it running?', () => {
    const e = toProviderError(socketError('ECONNREFUSED'), ctx({ baseUrl: 'http://localhost:8080/v1', providerName: 'llama.cpp' }));
    assert.equal(e.kind, 'connection-refused');
    assert.equal(e.action, 'start-server');
    assert.match(e.message, /Nothing is listening at http:\/\/localhost:8080\/v1\. Is the llama\.cpp server running\?/);
  });

  it('DNS and TLS failures name the host', () => {
    const dns = toProviderError(socketError('ENOTFOUND'), ctx());
    assert.equal(dns.kind, 'dns');
    assert.match(dns.message, /api\.groq\.com/);
    const tls = toProviderError(socketError('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), ctx());
    assert.equal(tls.kind, 'tls');
    assert.equal(tls.action, 'check-url');
  });

  it('a port fetch refuses to use is named as such', () => {
    const cause = Object.assign(new TypeError('fetch failed'), { cause: new Error('bad port') });
    const e = toProviderError(new APIConnectionError({ message: 'Connection error.', cause }), ctx({ baseUrl: 'http://127.0.0.1:6000/v1' }));
    assert.equal(e.action, 'check-url');
    assert.match(e.message, /fetch refuses to use/);
  });

  it('401 asks for the key, differently when none is set', () => {
    const withKey = toProviderError(apiError(401, { error: { message: `Invalid API Key ${KEY}` } }), ctx());
    assert.equal(withKey.kind, 'auth');
    assert.equal(withKey.action, 'set-key');
    assert.match(withKey.message, /rejected the API key/);
    const noKey = toProviderError(apiError(401, { error: { message: 'missing key' } }), ctx({ hasKey: false }));
    assert.match(noKey.message, /needs an API key/);
  });

  it('never lets the key through, whatever the server echoes', () => {
    for (const status of [400, 403, 500]) {
      const e = toProviderError(apiError(status, { error: { message: `bad key ${KEY} and Bearer ${KEY}` } }), ctx());
      assert.ok(!e.message.includes(KEY), `${status}: ${e.message}`);
      assert.ok(!e.message.includes('0123456789abcdef'), e.message);
    }
  });

  it('redacts a key that is part of the base URL', () => {
    const e = toProviderError(socketError('ECONNREFUSED'), ctx({ baseUrl: `https://gw.example/${KEY}/v1` }));
    assert.match(e.message, /Check the base URL https:\/\/gw\.example\/\[redacted\]\/v1/);
    assert.ok(!e.message.includes(KEY), e.message);
  });

  it('404 for a model offers the model picker; 404 for a route is "not supported"', () => {
    const model = toProviderError(apiError(404, { error: { message: 'The model `nope` does not exist or you do not have access to it.' } }), ctx({ model: 'nope' }));
    assert.equal(model.kind, 'model-not-found');
    assert.equal(model.action, 'pick-model');
    assert.match(model.message, /no model "nope"/);
    const ollama = toProviderError(apiError(404, { error: 'model "qwen" not found, try pulling it first' }), ctx());
    assert.equal(ollama.kind, 'model-not-found');
    const route = toProviderError(apiError(404, { error: { message: 'Not found: this server has no /v1/completions route.' } }), ctx());
    assert.equal(route.kind, 'not-supported');
  });

  it('a web server that is not an API (plain 404, HTML page) says so', () => {
    const plain = toProviderError(apiError(404, 'Not found'), ctx({ providerName: 'My Server', baseUrl: 'http://localhost:3000' }));
    assert.equal(plain.kind, 'not-supported');
    assert.equal(plain.action, 'check-url');
    assert.match(plain.message, /My Server \(http:\/\/localhost:3000\) answered 404: Not found: this is not an OpenAI-compatible endpoint/);
    const page = toProviderError(apiError(404, '<!doctype html><title>Welcome</title>'), ctx());
    assert.match(page.message, /this is not an OpenAI-compatible endpoint/);
  });

  it('a 429 without a body reads as a sentence, without "status code (no body)"', () => {
    const e = toProviderError(apiError(429, ''), ctx());
    assert.equal(e.kind, 'rate-limited');
    assert.ok(!/no body|status code/.test(e.message), e.message);
    assert.match(e.message, /^Groq is rate limiting requests \(429\) and said nothing more/);
  });

  it('429 is rate-limited with the wait action; 5xx asks to retry', () => {
    const limited = toProviderError(apiError(429, { error: { message: 'Rate limit reached' } }), ctx());
    assert.equal(limited.kind, 'rate-limited');
    assert.equal(limited.action, 'wait');
    const server = toProviderError(apiError(503, { error: { message: 'overloaded' } }), ctx());
    assert.equal(server.kind, 'server');
    assert.equal(server.action, 'retry');
    assert.match(server.message, /503.*overloaded/);
  });

  it('summarises an HTML error page instead of dumping it', () => {
    const page = '<html>\r\n<head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
    const e = toProviderError(apiError(502, page), ctx());
    assert.equal(e.kind, 'html-page');
    assert.match(e.message, /HTML page \("502 Bad Gateway"\)/);
    assert.ok(!e.message.includes('<center>'));
    assert.equal(summariseHtml('{"error":1}'), undefined);
  });

  it('keeps other server wording whatever the JSON shape (vLLM, FastAPI)', () => {
    const vllm = toProviderError(apiError(400, { object: 'error', message: 'suffix is not currently supported', code: 400 }), ctx());
    assert.match(vllm.message, /suffix is not currently supported/);
    const fastapi = toProviderError(apiError(422, { detail: [{ loc: ['body', 'suffix'], msg: 'extra fields not permitted' }] }), ctx());
    assert.match(fastapi.message, /extra fields not permitted/);
  });

  it('passes ProviderErrors through unchanged', () => {
    const e = new ProviderError({ kind: 'timeout', message: 'x' });
    assert.equal(toProviderError(e, ctx()), e);
    assert.equal(e.action, 'retry');
  });
});

describe('FIM refusals', () => {
  it('recognises the refusals that mean "try another transport"', () => {
    assert.ok(isTransportRefusal(apiError(400, { error: { message: 'suffix is not currently supported' } })));
    assert.ok(isTransportRefusal(apiError(400, { error: 'Unsupported param: suffix' })));
    assert.ok(isTransportRefusal(apiError(400, { error: 'registry.ollama.ai/library/llama3 does not support insert' })));
    assert.ok(isTransportRefusal(apiError(404, { error: { message: 'File Not Found' } })));
    assert.ok(isTransportRefusal(apiError(501, { error: { message: 'Infill is not supported by this model' } })));
  });

  it('does not fall back on real failures', () => {
    assert.ok(!isTransportRefusal(apiError(404, { error: { message: 'The model `x` does not exist' } })));
    assert.ok(!isTransportRefusal(apiError(401, { error: { message: 'bad key' } })));
    assert.ok(!isTransportRefusal(apiError(400, { error: { message: 'prompt is too long' } })));
    assert.ok(!isTransportRefusal(apiError(429, { error: { message: 'slow down' } })));
    assert.ok(!isTransportRefusal(socketError('ECONNREFUSED')));
  });
});
