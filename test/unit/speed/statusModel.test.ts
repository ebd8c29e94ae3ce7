import * as assert from 'node:assert/strict';
import type { LiveSnapshot } from '../../../src/speed/core/liveMeter';
import { buildStatusView, tooltipMarkdown, type StatusInput } from '../../../src/speed/core/statusModel';
import { summarizeSeries } from '../../../src/speed/core/stats';
import { sample } from './fakes';

const NOW = 1_800_000_000_000;
const idleLive: LiveSnapshot = { active: undefined, activeCount: 0, lastMeasured: undefined, lastEnded: undefined };

function input(overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    now: NOW,
    completion: { state: 'ready' },
    completionProvider: { providerName: 'Groq', model: 'llama-3.1-8b-instant' },
    cooldownMs: 0,
    live: idleLive,
    stats: null,
    ...overrides,
  };
}

describe('status bar model', () => {
  it('shows the provider with its pooled figure when idle, never one request’s own', () => {
    const last = sample({ tokensPerSecond: 612.4, ttftMs: 95.2, startedAt: NOW - 12_000 });
    const figure = { tokensPerSecond: 1_998.6, basis: 'client' as const, tokens: 180, requests: 20 };
    const view = buildStatusView(input({ idleSample: last, figure }));
    assert.equal(view.state, 'idle');
    assert.equal(view.text, '$(zap) Groq 1,999 tok/s · 95 ms');
    assert.equal(view.severity, 'normal');
    assert.equal(Object.fromEntries(view.tooltip.rows)['Shown: decode (client)'], '1,999 tok/s, measured here, 180 tokens over 20 requests');
    // Too little measured for a figure: the time to first token alone, and the tooltip says why.
    const early = buildStatusView(input({ idleSample: last, figure: null }));
    assert.equal(early.text, '$(zap) Groq 95 ms');
    assert.equal(Object.fromEntries(early.tooltip.rows)['Shown: decode'], 'not enough tokens measured yet');
    assert.equal(buildStatusView(input()).text, '$(zap) Groq');
  });

  it('names the server’s own figure and the prompt cache share in the tooltip', () => {
    const last = sample({ tokensPerSecond: null, ttftMs: 40, server: { tokensPerSecond: 1800, source: 'cerebras time_info' } });
    const figure = { tokensPerSecond: 1800, basis: 'server' as const, serverSource: 'cerebras time_info', tokens: 45, requests: 9 };
    const view = buildStatusView(input({ idleSample: last, figure, promptCache: { share: 0.918, requests: 9 } }));
    assert.equal(view.text, '$(zap) Groq 1,800 tok/s · 40 ms');
    const rows = Object.fromEntries(view.tooltip.rows);
    assert.equal(rows['Shown: decode (server)'], "1,800 tok/s, the server's own figure, 45 tokens over 9 requests");
    assert.equal(rows['Server figure from'], 'cerebras time_info');
    assert.equal(rows['Prompt cache (last 9)'], 'prompt cache 92%');
  });

  it('shows the live rate while a request streams, whatever the completion state', () => {
    const live: LiveSnapshot = {
      ...idleLive,
      active: { requestId: 1, profileId: 'c', providerName: 'Cerebras', model: 'qwen', kind: 'chat', tokens: 900, elapsedMs: 600, ttftMs: 100, tokensPerSecond: 1796.4, calibrated: true },
      activeCount: 1,
    };
    const view = buildStatusView(input({ live, completion: { state: 'disabled' } }));
    assert.equal(view.state, 'streaming');
    assert.equal(view.text, '$(zap) Cerebras 1,796 tok/s');
    const waiting = buildStatusView(input({ live: { ...live, active: { ...live.active!, ttftMs: null, tokensPerSecond: null, tokens: 0 } } }));
    assert.equal(waiting.text, '$(loading~spin) Cerebras …');
  });

  it('gives each completion state its own text', () => {
    const texts = {
      disabled: buildStatusView(input({ completion: { state: 'disabled' } })),
      snoozed: buildStatusView(input({ completion: { state: 'snoozed', until: NOW + 125_000 } })),
      waiting: buildStatusView(input({ completion: { state: 'waiting' } })),
      error: buildStatusView(input({ completion: { state: 'error', message: 'Invalid API key' } })),
      limited: buildStatusView(input({ cooldownMs: 11_200 })),
      limitedByEngine: buildStatusView(input({ completion: { state: 'rate-limited', until: NOW + 30_000 } })),
    };
    assert.equal(texts.disabled.text, '$(circle-slash) Groq');
    assert.equal(texts.snoozed.text, '$(bell-slash) Groq 2m 5s');
    assert.equal(texts.waiting.text, '$(loading~spin) Groq');
    assert.equal(texts.error.text, '$(error) Groq');
    assert.equal(texts.error.severity, 'error');
    assert.match(texts.error.tooltip.status!, /Invalid API key/);
    assert.equal(texts.limited.text, '$(watch) Groq 12s');
    assert.equal(texts.limited.severity, 'warning');
    assert.equal(texts.limitedByEngine.text, '$(watch) Groq 30s');
    assert.equal(new Set(Object.values(texts).map((v) => v.state)).size, 5);
  });

  it('builds the tooltip table with client and labelled server figures and percentiles', () => {
    const history = [
      sample({ ttftMs: 80, tokensPerSecond: 500 }),
      sample({ ttftMs: 100, tokensPerSecond: 600 }),
      sample({ ttftMs: 300, tokensPerSecond: 700 }),
    ];
    const last = sample({
      startedAt: NOW - 3_000,
      ttftMs: 95,
      tokensPerSecond: 612,
      completionTokens: 128,
      tokensEstimated: true,
      totalMs: 305,
      server: { tokensPerSecond: 650, promptTokensPerSecond: 3000, source: 'groq x_groq.usage' },
    });
    const view = buildStatusView(input({ idleSample: last, stats: summarizeSeries(history) }));
    const rows = Object.fromEntries(view.tooltip.rows);
    assert.equal(rows['Time to first token'], '95 ms');
    assert.equal(rows['Decode (client, this request)'], '612 tok/s');
    assert.equal(rows['Decode (server, this request: groq x_groq.usage)'], '650 tok/s');
    assert.equal(rows['Prompt processing (server)'], '3,000 tok/s');
    assert.equal(rows['Tokens'], '≈128 (estimated)');
    assert.equal(rows['Total time'], '305 ms');
    assert.equal(rows['Last request'], 'completion, 3 s ago');
    assert.equal(rows['Time to first token p50 / p90 (last 3)'], '100 ms / 260 ms');
    assert.equal(rows['Decode p50 / p90 (last 3)'], '600 tok/s / 680 tok/s');
    const md = tooltipMarkdown(view.tooltip);
    assert.match(md, /^\*\*Groq · llama\\-3\.1\\-8b\\-instant\*\*/);
    assert.match(md, /\| Decode \\\(server, this request: groq x\\_groq\.usage\\\) \| 650 tok\/s \|/);
  });

  it('keeps provider text from injecting markdown or status bar icons', () => {
    const last = sample({ providerName: 'Evil $(bug) | <img>', model: '*m*' });
    const view = buildStatusView(input({ idleSample: last }));
    assert.ok(!view.text.includes('$(bug)'));
    const md = tooltipMarkdown(view.tooltip);
    assert.ok(!md.includes('<img>'));
    assert.ok(md.includes('\\|'));
  });
});
