// Short completions against the fake server in llama.cpp mode, through the real provider
// client and the real status bar model: the figure shown after each one is the server's own,
// pooled, even for completions the editor closed before the server's last event.
import * as assert from 'node:assert/strict';
import { resolveEndpoint } from '../../../src/config/core/profiles';
import { DEFAULT_SETTINGS } from '../../../src/config/core/settings';
import { createInferenceClient } from '../../../src/providers';
import { systemClock, systemTimers } from '../../../src/shared/clock';
import { SpeedHistory } from '../../../src/speed/core/history';
import { LiveSpeedMeter } from '../../../src/speed/core/liveMeter';
import { StatusController, fanOut, historyRecorder } from '../../../src/speed/core/statusController';
import { startFakeServer } from '../../fake-server/server';
import { fillerCode } from '../../fake-server/tokens';
import { figuresOf } from './fakes';

describe('status bar figure for short llama.cpp completions (fake server)', function () {
  this.timeout(30000);

  for (const rate of [2000, 60]) {
    it(`at ${rate} tok/s, completions of 2–10 tokens, some closed early: 20 consecutive figures within ±10%`, async () => {
      const server = await startFakeServer({ ttftMs: 5, tokensPerSecond: rate, flavour: 'llamacpp', promptCache: { kind: 'slots', slots: 4 } });
      const meter = new LiveSpeedMeter(systemClock, systemTimers);
      const history = new SpeedHistory(100);
      const controller = new StatusController({ meter, history, timers: systemTimers, wallNow: Date.now });
      try {
        const profile = { id: 'local', preset: 'llamacpp' as const, baseUrl: server.baseUrl, chatModel: 'fake-chat', completionModel: 'fake-coder' };
        const endpoint = { ...resolveEndpoint(profile, DEFAULT_SETTINGS, undefined), fimTransport: 'llama-infill' as const };
        controller.setProviders({ completion: { profileId: 'local', providerName: endpoint.providerName, model: endpoint.completionModel } });
        const client = createInferenceClient(endpoint, { observer: fanOut([meter, historyRecorder(history)]) });
        const figures: (number | undefined)[] = [];
        let closedEarly = 0;
        for (let i = 0; i < 20; i++) {
          const tokens = 2 + ((i * 7) % 9);
          // Every third completion is closed by the editor after 2–10 tokens of a long answer, as a
          // key typed over it would; the others end by themselves after 2–10 tokens.
          const early = i % 3 === 0;
          server.configure({ response: { kind: 'text', text: fillerCode(early ? 300 : tokens) } });
          const abort = new AbortController();
          const stream = client.streamFim({ prefix: `function f${i}() {\n`, suffix: '\n}\n', maxTokens: 400 }, abort.signal);
          let deltas = 0;
          for await (const _ of stream) if (++deltas === tokens && early) abort.abort();
          const outcome = await stream.outcome;
          if (outcome.aborted) {
            closedEarly++;
            // timings_per_token: the server's figure came with the events before the close.
            assert.ok(outcome.sample.server, `completion ${i} closed early kept the server's figure`);
          }
          figures.push(figuresOf(controller.view.text).rate);
        }
        assert.ok(closedEarly >= 5, `${closedEarly} of 7 completions closed early`);
        for (const f of figures) assert.ok(f !== undefined && Math.abs(f - rate) / rate <= 0.1, `figures ${figures.join(', ')} vs ${rate}`);
        const rows = Object.fromEntries(controller.view.tooltip.rows);
        assert.match(rows['Shown: decode (server)'], /the server's own figure, [\d,]+ tokens over 20 requests$/);
        assert.equal(rows['Server figure from'], 'llama.cpp timings (predicted_n − 1)/predicted_ms');
        assert.match(rows['Prompt cache (last 20)'], /^prompt cache \d+%$/);
      } finally {
        controller.dispose();
        meter.dispose();
        await server.close();
      }
    });
  }
});
