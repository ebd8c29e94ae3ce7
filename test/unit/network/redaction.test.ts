// Redaction of credentials from every text that reaches a log, a notification or the chat's
// error box: known values, key shapes, URL credentials and credential fields in echoed bodies.
import * as assert from 'node:assert/strict';
import { endpointSecrets } from '../../../src/providers/errors';
import { redactSecrets, urlCredentials } from '../../../src/shared/log';

describe('redaction', () => {
  it('removes a URL’s user and password and key-like query parameters, keeping the rest', () => {
    assert.equal(
      redactSecrets('Nothing is listening at http://bob:hunter22@10.0.0.5:8080/v1?api-version=2024-10-21&api_key=abcd1234&key=zz99yy88.'),
      'Nothing is listening at http://[redacted]@10.0.0.5:8080/v1?api-version=2024-10-21&api_key=[redacted]&key=[redacted].',
    );
    assert.equal(redactSecrets('GET /v1/models?token=t0k3nvalue&access_token=abcdefgh'), 'GET /v1/models?token=[redacted]&access_token=[redacted]');
  });

  it('removes credential fields from echoed JSON and header dumps, whatever their scheme', () => {
    const echoed = JSON.stringify({ headers: { 'x-api-key': 'AAAA1111', 'api-key': 'BBBB2222', authorization: 'Basic dXNlcjpwYXNz', cookie: 'sid=CCCC3333', 'user-agent': 'OpenAI/JS' } });
    const out = redactSecrets(echoed);
    for (const secret of ['AAAA1111', 'BBBB2222', 'dXNlcjpwYXNz', 'CCCC3333']) assert.ok(!out.includes(secret), out);
    assert.ok(out.includes('"user-agent":"OpenAI/JS"'));
    assert.equal(redactSecrets('X-Auth-Token: 0123456789'), 'X-Auth-Token: [redacted]');
  });

  it('leaves ordinary text and token counts alone', () => {
    for (const text of ['{"completion_tokens": 120, "max_tokens": 2048}', 'the key is wrong', 'monkey business', 'api-version=2024-10-21']) {
      assert.equal(redactSecrets(text), text);
    }
  });

  it('removes known values first, longest first, so no part of a longer one shows', () => {
    assert.equal(redactSecrets('sent abcd and abcdef', ['abcd', 'abcdef']), 'sent [redacted] and [redacted]');
  });

  it('knows an endpoint’s secrets: key, every header value with and without its scheme, URL credentials', () => {
    const secrets = endpointSecrets({
      apiKey: 'k-123456',
      headers: { 'X-Team': 'blue-team', Authorization: 'Basic QUJDRDpFRkdI' },
      baseUrl: 'https://u:pass9999@gw.example/v1?api_key=q%2Fkey1',
    });
    for (const v of ['k-123456', 'blue-team', 'Basic QUJDRDpFRkdI', 'QUJDRDpFRkdI', 'pass9999', 'q/key1', 'q%2Fkey1']) assert.ok(secrets.includes(v), v);
    assert.deepEqual(urlCredentials('not a url'), []);
  });
});
