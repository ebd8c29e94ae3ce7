import * as assert from 'node:assert/strict';
import {
  cooldownFromResponse,
  DEFAULT_COOLDOWN_MS,
  parseDuration,
  parseResetValue,
  parseRetryAfter,
  RateLimitGate,
} from '../../../src/providers/rateLimits';
import { ManualClock, ManualTimers } from './helpers';

const WALL = 1_700_000_000_000;

describe('rate-limit header parsing', () => {
  it('reads OpenAI/Groq durations', () => {
    assert.equal(parseDuration('6m0s'), 360_000);
    assert.equal(parseDuration('12ms'), 12);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('2h3m4s'), 7_384_000);
    assert.equal(parseDuration('7.66s'), 7660);
    assert.equal(parseDuration('20'), undefined);
    assert.equal(parseDuration('soon'), undefined);
  });

  it('reads bare numbers as seconds, large ones as timestamps', () => {
    assert.equal(parseResetValue('30', 'cerebras', WALL), 30_000);
    assert.equal(parseResetValue('0.5', 'together', WALL), 500);
    assert.equal(parseResetValue(String(WALL + 4000), 'openrouter', WALL), 4000);
    assert.equal(parseResetValue(String(WALL / 1000 + 9), 'openai', WALL), 9000);
    assert.equal(parseResetValue('6m0s', 'openai', WALL), 360_000);
  });

  it('reads Retry-After as seconds or an HTTP date, retry-after-ms first', () => {
    assert.equal(parseRetryAfter({ 'retry-after': '7' }, WALL), 7000);
    assert.equal(parseRetryAfter({ 'Retry-After': new Date(WALL + 3000).toUTCString() }, WALL), 3000);
    assert.equal(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, WALL), 250);
    assert.equal(parseRetryAfter({}, WALL), undefined);
  });
});

describe('cooldownFromResponse', () => {
  it('429 with Retry-After waits that long', () => {
    assert.equal(cooldownFromResponse(429, new Headers({ 'retry-after': '12' }), 'openai', WALL), 12_000);
  });

  it('429 without Retry-After uses the reset of the exhausted limit (Groq/OpenAI durations)', () => {
    const headers = new Headers({
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-reset-requests': '2m59.56s',
      'x-ratelimit-remaining-tokens': '5000',
      'x-ratelimit-reset-tokens': '7.66s',
    });
    assert.equal(cooldownFromResponse(429, headers, 'openai', WALL), 179_560);
  });

  it('429 on Cerebras reads the per-minute token reset in seconds', () => {
    const headers = new Headers({
      'x-ratelimit-remaining-tokens-minute': '0',
      'x-ratelimit-reset-tokens-minute': '41.2',
      'x-ratelimit-remaining-requests-day': '14000',
      'x-ratelimit-reset-requests-day': '33011',
    });
    assert.equal(cooldownFromResponse(429, headers, 'cerebras', WALL), 41_200);
  });

  it('429 on OpenRouter reads X-RateLimit-Reset as epoch milliseconds', () => {
    const headers = new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(WALL + 15_000) });
    assert.equal(cooldownFromResponse(429, headers, 'openrouter', WALL), 15_000);
  });

  it('429 with only resets takes the soonest; with nothing at all, the default', () => {
    const headers = new Headers({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '20s' });
    assert.equal(cooldownFromResponse(429, headers, 'openai', WALL), 1000);
    assert.equal(cooldownFromResponse(429, new Headers(), 'openai', WALL), DEFAULT_COOLDOWN_MS);
  });

  it('a success that used up the quota starts a cooldown; an ordinary success does not', () => {
    const exhausted = new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '3s' });
    assert.equal(cooldownFromResponse(200, exhausted, 'openai', WALL), 3000);
    const fine = new Headers({ 'x-ratelimit-remaining-requests': '10', 'x-ratelimit-reset-requests': '3s' });
    assert.equal(cooldownFromResponse(200, fine, 'openai', WALL), undefined);
    assert.equal(cooldownFromResponse(500, exhausted, 'openai', WALL), undefined);
  });

  it('never waits longer than a day', () => {
    assert.equal(cooldownFromResponse(429, new Headers({ 'retry-after': '999999' }), 'openai', WALL), 24 * 3_600_000);
  });
});

describe('RateLimitGate', () => {
  it('counts a cooldown down on the injected clock and only extends it', () => {
    const clock = new ManualClock();
    const gate = new RateLimitGate(clock);
    assert.equal(gate.remainingMs('groq'), 0);
    gate.block('groq', 5000);
    clock.t += 2000;
    assert.equal(gate.remainingMs('groq'), 3000);
    gate.block('groq', 1000); // shorter: ignored
    assert.equal(gate.remainingMs('groq'), 3000);
    gate.block('groq', 4000);
    assert.equal(gate.remainingMs('groq'), 4000);
    assert.equal(gate.remainingMs('cerebras'), 0, 'other profiles are unaffected');
    clock.t += 4000;
    assert.equal(gate.remainingMs('groq'), 0);
  });

  it('observe() turns a 429 into a cooldown and tells listeners, also when it ends', () => {
    const clock = new ManualClock();
    const timers = new ManualTimers(clock);
    const gate = new RateLimitGate(clock, { timers, wallNow: () => WALL });
    const events: [string, number][] = [];
    const off = gate.onChange(({ profileId, remainingMs }) => events.push([profileId, remainingMs]));
    assert.equal(gate.observe('groq', 429, new Headers({ 'retry-after': '2' })), 2000);
    assert.deepEqual(events, [['groq', 2000]]);
    timers.advance(2000);
    assert.deepEqual(events, [['groq', 2000], ['groq', 0]]);
    off.dispose();
    gate.observe('groq', 429, new Headers({ 'retry-after': '1' }));
    assert.equal(events.length, 2, 'no events after unsubscribing');
    gate.clear('groq');
    assert.equal(gate.remainingMs('groq'), 0);
    gate.dispose();
  });
});
