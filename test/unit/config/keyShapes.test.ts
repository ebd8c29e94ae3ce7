import * as assert from 'node:assert/strict';
import { findKeyShapes, KEY_PLACEHOLDER, redactKeyShapes, shannonEntropy } from '../../../src/config/core/keyShapes';

describe('key shapes in file text', () => {
  const caught: Array<[string, string, string]> = [
    ['AWS access key id', "accessKeyId: 'AKIAIOSFODNN7EXAMPLE',", 'AKIAIOSFODNN7EXAMPLE'],
    ['AWS secret after its name', "secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',", 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['an .env style password', 'DB_PASSWORD=s3cr3tP4ssw0rdV3ryL0ng9', 's3cr3tP4ssw0rdV3ryL0ng9'],
    ['a JSON token', '"auth_token": "a8f5f167f44f4964e6c998dee827110c"', 'a8f5f167f44f4964e6c998dee827110c'],
    ['a password in a URL', 'url = "postgres://app:hunter2xyz@db/prod"', 'hunter2xyz'],
    ['a GitHub token', 'token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a model API key', 'const k = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t";', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t'],
    ['a Slack token', 'SLACK=xoxb-123456789012-abcdefABCDEF', 'xoxb-123456789012-abcdefABCDEF'],
    ['a JWT', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiJ9'],
  ];
  for (const [what, text, secret] of caught) {
    it(`replaces ${what}`, () => {
      const out = redactKeyShapes(text);
      assert.equal(out.redacted, 1, out.text);
      assert.ok(!out.text.includes(secret), out.text);
      assert.ok(out.text.includes(KEY_PLACEHOLDER));
    });
  }

  it('replaces a whole private key block, and the rest of the text when its end is cut off', () => {
    const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAAAAAEAAAAz\n-----END OPENSSH PRIVATE KEY-----';
    assert.equal(redactKeyShapes(`before\n${key}\nafter`).text, `before\n${KEY_PLACEHOLDER}\nafter`);
    assert.equal(redactKeyShapes('x\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAKC').text, `x\n${KEY_PLACEHOLDER}`);
  });

  it('leaves code that only names keys alone: identifiers, env lookups, calls, short or word-like values', () => {
    const code = [
      'const apiKey = process.env.OPENAI_API_KEY;',
      'const token = getToken(request.headers.authorization);',
      'password: "hunter2",',
      'const keyboardLayout = "us-international-keyboard";',
      'secret_key_base = ENV.fetch("SECRET_KEY_BASE")',
      'function keyFor(item) { return item.id; }',
      "region: 'us-east-1',",
    ].join('\n');
    assert.deepEqual(findKeyShapes(code), []);
    assert.equal(redactKeyShapes(code).text, code);
  });

  it('costs linear time on a minified line full of near-misses', () => {
    const line = 'key'.repeat(50_000) + 'a'.repeat(100_000) + 'http://' + 'b'.repeat(50_000);
    // Runs, and finds nothing: the repeats in every pattern are bounded, so no backtracking blow-up.
    assert.deepEqual(findKeyShapes(line), []);
  });

  it('measures entropy in bits per character', () => {
    assert.equal(shannonEntropy('aaaa'), 0);
    assert.equal(shannonEntropy('abcd'), 2);
  });
});
