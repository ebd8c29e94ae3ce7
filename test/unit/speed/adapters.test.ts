// The VS Code side of the speed display on a stand-in `vscode` module: the status bar item
// follows the provider layer's events, history survives a restart, the dashboard panel is
// locked down and queues until ready, the menu runs commands, Clear asks first, and
// Compare Providers runs real clients against fake servers, with Cancel closing the
// request in flight at the server.
import * as assert from 'node:assert/strict';
import type * as vscodeTypes from 'vscode';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/config/core/settings';
import { resolveEndpoint } from '../../../src/config/core/profiles';
import { createInferenceClient } from '../../../src/providers';
import { silentLogger } from '../../../src/shared/log';
import type { DashboardUpdate } from '../../../src/shared/dashboardProtocol';
import { startFakeServer, type FakeServer } from '../../fake-server/server';
import type { CompletionStatus } from '../../../src/speed/core/completionStatus';
import { until } from '../support/until';
import { ManualTime, sample } from './fakes';
import { EventEmitter, FakeMemento, commands, FakeWebviewPanel, Uri, installStandIn, recorded, resetStandIn, script } from './vscodeStandIn';

installStandIn();
const { registerSpeed } = require('../../../src/speed') as typeof import('../../../src/speed');


function context(state = new FakeMemento()) {
  return {
    subscriptions: [] as { dispose(): unknown }[],
    globalState: state,
    extensionUri: Uri.file('/ext'),
  } as unknown as vscodeTypes.ExtensionContext & { subscriptions: { dispose(): unknown }[]; globalState: FakeMemento };
}

function settingsStore(settings: Settings) {
  const changed = new EventEmitter<Settings>();
  return {
    current: settings,
    onDidChange: changed.event as unknown as vscodeTypes.Event<Settings>,
    set(next: Settings) {
      this.current = next;
      changed.fire(next);
    },
  };
}

const groqSettings: Settings = {
  ...DEFAULT_SETTINGS,
  profiles: [{ id: 'groq', preset: 'groq', completionModel: 'm' }],
  completionProfile: 'groq',
  chatProfile: 'groq',
};

describe('speed adapters (stand-in vscode)', function () {
  this.timeout(20000);
  beforeEach(() => resetStandIn());

  it('shows the status bar item, follows requests and keeps history across a restart', async () => {
    const ctx = context();
    const time = new ManualTime();
    const speed = registerSpeed(ctx, { settings: settingsStore(groqSettings), log: silentLogger, clock: time, timers: time });
    const item = recorded.statusItems[0];
    assert.equal(item.id, 'fastInference.status');
    assert.equal(item.name, 'Fast Inference');
    assert.equal(item.command, 'fastInference.showMenu');
    assert.ok(item.visible);
    assert.equal(item.text, '$(zap) Groq');
    speed.observer.onStart!({ profileId: 'groq', providerName: 'Groq', model: 'm', kind: 'completion', requestId: 1 });
    speed.observer.onEnd!({ requestId: 1, sample: sample({ profileId: 'groq', model: 'm', tokensPerSecond: 640, ttftMs: 88 }) });
    time.advance(150); // the meter's trailing update
    assert.equal(item.text, '$(zap) Groq 640 tok/s · 88 ms');
    assert.match(String((item.tooltip as { value: string }).value), /Time to first token \| 88 ms/);
    assert.equal(ctx.subscriptions.length, 0, 'registerSpeed pushes nothing itself: the caller owns what it returns');
    speed.dispose();
    assert.ok(item.disposed);
    assert.ok(ctx.globalState.keys().includes('fastInference.speedHistory'), 'history was saved on shutdown');

    resetStandIn();
    const again = registerSpeed(context(ctx.globalState), { settings: settingsStore(groqSettings), log: silentLogger });
    assert.equal(again.history.size, 1);
    assert.equal(recorded.statusItems[0].text, '$(zap) Groq 640 tok/s · 88 ms');
    assert.deepEqual(again.recentTtftMs('groq', 'm'), [88]);
    again.dispose();
  });

  it('marks rate limits and errors with the theme’s warning and error colours', async () => {
    const speed = registerSpeed(context(), { settings: settingsStore(groqSettings), log: silentLogger });
    let left = 5000;
    speed.connect({
      endpoints: { clientFor: () => Promise.reject(new Error('unused')), rateLimits: { remainingMs: () => left, onChange: () => ({ dispose: () => undefined }) } },
    });
    const item = recorded.statusItems[0];
    assert.equal(item.text, '$(watch) Groq 5s');
    assert.equal(item.backgroundColor?.id, 'statusBarItem.warningBackground');
    left = 0;
    const changed = new EventEmitter<CompletionStatus>();
    speed.connect({ completionStatus: { status: { state: 'error', message: 'Invalid API key' }, onDidChange: changed.event } });
    // Padded to the width of the countdown before it, so the items beside it stay put.
    assert.equal(item.text.trimEnd(), '$(error) Groq');
    assert.ok(item.text.length >= '$(watch) Groq 5s'.length);
    assert.equal(item.backgroundColor?.id, 'statusBarItem.errorBackground');
    speed.dispose();
  });

  it('opens a locked-down dashboard that waits for ready and then follows new samples', async () => {
    const speed = registerSpeed(context(), { settings: settingsStore(groqSettings), log: silentLogger });
    speed.history.add(sample());
    await commands.executeCommand('fastInference.openDashboard');
    const panel: FakeWebviewPanel = recorded.panels[0];
    assert.equal(panel.viewType, 'fastInference.dashboard');
    assert.deepEqual(panel.options.localResourceRoots!.map((u) => u.fsPath), ['/ext/dist', '/ext/media']);
    const html = panel.webview.html;
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonce, 'no script nonce in the CSP');
    assert.match(html, /default-src 'none'/);
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://webview.test/ext/dist/webview/dashboard.js">`));
    assert.ok(!/https?:\/\/(?!webview\.test)/.test(html), 'the page loads something from elsewhere');
    speed.history.add(sample());
    assert.equal(panel.posted.length, 0, 'posted before ready');
    panel.send({ type: 'ready' });
    const first = panel.posted[0] as DashboardUpdate;
    assert.equal(first.type, 'history');
    assert.equal(first.type === 'history' && first.samples.length, 2);
    speed.history.add(sample({ tokensPerSecond: 1234 }));
    assert.equal((panel.posted.at(-1) as { type: string }).type, 'sample');
    panel.send({ type: 'nonsense' });
    panel.send({ type: 'export', what: '../../etc', format: 'csv' });
    // A CSV export goes through the save dialog.
    script.saveAs.push(Uri.file('/ws/out.csv'));
    panel.send({ type: 'export', what: 'history', format: 'csv' });
    const csv = await until(() => recorded.written.get('/ws/out.csv'), 'the CSV export to be written');
    assert.equal(csv.trim().split('\r\n').length, 4);
    assert.match(csv, /1234/);
    speed.dispose();
    assert.ok(panel.isDisposed);
  });

  it('takes over a dashboard panel VS Code kept from the last window, locked down and fed from the history', async () => {
    const speed = registerSpeed(context(), { settings: settingsStore(groqSettings), log: silentLogger });
    speed.history.add(sample());
    const serializer = recorded.serializers.get('fastInference.dashboard');
    assert.ok(serializer, 'no serializer for the dashboard');
    const kept = new FakeWebviewPanel('fastInference.dashboard', 'Fast Inference Speed', {});
    await serializer.deserializeWebviewPanel(kept, undefined);
    const options = (kept.webview as unknown as { options: { enableScripts?: boolean; localResourceRoots?: Uri[] } }).options;
    assert.equal(options.enableScripts, true);
    assert.deepEqual(options.localResourceRoots!.map((u) => u.fsPath), ['/ext/dist', '/ext/media']);
    assert.match(kept.webview.html, /default-src 'none'/);
    kept.send({ type: 'ready' });
    const first = kept.posted[0] as DashboardUpdate;
    assert.equal(first.type === 'history' && first.samples.length, 1);
    // The command now reveals that panel instead of opening a second one.
    await commands.executeCommand('fastInference.openDashboard');
    assert.equal(recorded.panels.length, 0);
    assert.equal(kept.revealed, 1);
    // A second kept panel (two windows' worth) is closed, not attached.
    const extra = new FakeWebviewPanel('fastInference.dashboard', 'Fast Inference Speed', {});
    await serializer.deserializeWebviewPanel(extra, undefined);
    assert.ok(extra.isDisposed);
    speed.dispose();
    assert.ok(kept.isDisposed);
    assert.equal(recorded.serializers.size, 0, 'the serializer is unregistered on dispose');
  });

  it('runs the menu entry picked and asks before clearing the history', async () => {
    const speed = registerSpeed(context(), { settings: settingsStore(groqSettings), log: silentLogger });
    script.quickPicks.push((items) => items.find((i) => i.label.includes('Open Speed Dashboard')));
    await commands.executeCommand('fastInference.showMenu');
    const labels = recorded.quickPickItems[0].map((i) => i.label);
    for (const wanted of ['Inline Completions', 'Switch Completion Provider', 'Switch Chat Provider', 'Open Speed Dashboard', 'Compare Providers', 'Show Log']) {
      assert.ok(labels.some((l) => l.includes(wanted)), `menu lacks ${wanted}: ${labels.join(', ')}`);
    }
    assert.deepEqual(recorded.executed.slice(-1), ['fastInference.openDashboard']);
    assert.equal(recorded.panels.length, 1);

    speed.history.add(sample());
    script.messages.push(undefined);
    await commands.executeCommand('fastInference.clearSpeedHistory');
    assert.equal(speed.history.size, 1, 'cleared without confirmation');
    script.messages.push('Clear');
    await commands.executeCommand('fastInference.clearSpeedHistory');
    assert.equal(speed.history.size, 0);
    speed.dispose();
  });
});

describe('Compare Providers command (stand-in vscode, fake servers)', function () {
  this.timeout(30000);
  let slow: FakeServer;
  let fast: FakeServer;
  before(async () => {
    // Answers long enough (0.2–0.3 s) that a busy machine cannot squeeze one into a single read,
    // which would leave no decode time to measure; ten times apart in speed.
    slow = await startFakeServer({ ttftMs: 30, tokensPerSecond: 200, response: { kind: 'tokens', count: 60 } });
    fast = await startFakeServer({ ttftMs: 10, tokensPerSecond: 2000, response: { kind: 'tokens', count: 400 } });
  });
  after(async () => {
    await slow.close();
    await fast.close();
  });
  beforeEach(() => {
    resetStandIn();
    slow.clearLog();
    fast.clearLog();
  });

  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    profiles: [],
    completionProfile: 'slow',
    chatProfile: 'slow',
  };

  function setup() {
    const s = {
      ...settings,
      profiles: [
        { id: 'slow', preset: 'custom' as const, label: 'Slow', baseUrl: slow.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' },
        { id: 'fast', preset: 'custom' as const, label: 'Fast', baseUrl: fast.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' },
      ],
    };
    const speed = registerSpeed(context(), { settings: settingsStore(s), log: silentLogger });
    const clientFor = async (id: string) => {
      const profile = s.profiles.find((p) => p.id === id)!;
      return createInferenceClient(resolveEndpoint(profile, s), { observer: speed.observer });
    };
    speed.connect({ endpoints: { clientFor } });
    return speed;
  }

  it('measures every provider picked, shows the results in the dashboard and exports them', async () => {
    const speed = setup();
    script.quickPicks.push((items) => items.filter((i) => (i as { picked?: boolean }).picked));
    script.inputs.push('2');
    script.messages.push('Show Results');
    await commands.executeCommand('fastInference.compareProviders');
    assert.equal(slow.requests().filter((r) => r.stream).length, 4);
    assert.equal(fast.requests().filter((r) => r.stream).length, 4);
    const panel = recorded.panels[0];
    panel.send({ type: 'ready' });
    const result = panel.posted.find((m) => (m as { type: string }).type === 'compareResult') as Extract<DashboardUpdate, { type: 'compareResult' }>;
    assert.ok(result, 'the dashboard got no comparison');
    const chatRate = (id: string) => result.result.rows.find((r) => r.profileId === id && r.kind === 'chat')!.tokensPerSecond!.p50;
    assert.ok(chatRate('fast') > chatRate('slow') * 3, `fast ${chatRate('fast')} vs slow ${chatRate('slow')}`);
    assert.equal(speed.history.size, 8, 'comparison requests are part of the history');
    const finished = recorded.shown.at(-1)!;
    assert.match(finished.message, /^Comparison finished: Fast fastest at [\d,]+ tok\/s\.$/);
    assert.deepEqual(finished.items, ['Show Results']);
    // Show Results brings the dashboard forward at the comparison.
    await until(() => panel.revealed > 0, 'the dashboard to be brought forward');
    assert.deepEqual(panel.posted.at(-1), { type: 'reveal', section: 'compare' });
    script.saveAs.push(Uri.file('/ws/compare.json'));
    panel.send({ type: 'export', what: 'compare', format: 'json' });
    const json = await until(() => recorded.written.get('/ws/compare.json'), 'the comparison export to be written');
    assert.equal(JSON.parse(json).rows.length, 4);
    speed.dispose();
  });

  it('aborts the request in flight when the notification is cancelled', async () => {
    slow.configure({ tokensPerSecond: 50, response: { kind: 'tokens', count: 500 } });
    const speed = setup();
    script.quickPicks.push((items) => items.filter((i) => i.label === 'Slow'));
    script.inputs.push('5');
    // Cancel once the first answer is streaming: the run ends there, with no further request.
    script.onProgress = (cancel) => {
      void until(() => (slow.requests().find((r) => r.stream)?.tokensSent ?? 0) > 0, 'the first answer to stream').then(cancel);
    };
    await commands.executeCommand('fastInference.compareProviders');
    // The server notices the closed socket a moment later.
    await until(() => slow.requests().find((r) => r.stream)?.clientClosedAt !== undefined, 'the server to see the connection closed');
    const streams = slow.requests().filter((r) => r.stream);
    assert.equal(streams.length, 1, 'no request after the cancel');
    assert.ok(streams[0].clientClosedAt !== undefined && !streams[0].completed, `the server did not see the connection closed: ${JSON.stringify(streams[0])}`);
    assert.ok(streams[0].tokensSent < 500);
    assert.match(recorded.shown.at(-1)!.message, /Comparison cancelled/);
    slow.configure({ tokensPerSecond: 200, response: { kind: 'tokens', count: 60 } });
    speed.dispose();
  });
});
