// The engine's port for one profile: every request goes through the current client and marks
// the connection used; snippets come from the ring with the exclusions asked again; rate
// limits and first-token times are asked for this profile (and model) only.
import * as assert from 'node:assert/strict';
import { ProfileEnginePort } from '../../../src/completion/enginePort';
import { SnippetRing } from '../../../src/completion/core/contextRing';
import type { InferenceClient } from '../../../src/providers';
import type { ConnectionWarmer } from '../../../src/providers/warm';
import { systemClock, systemTimers } from '../../../src/shared/clock';
import { silentLogger } from '../../../src/shared/log';

describe('ProfileEnginePort', () => {
  function setup(completionModel?: string) {
    const calls: string[] = [];
    let current = 'first';
    const client = () =>
      ({
        streamFim: () => {
          calls.push(`stream on ${current}`);
          return 'stream' as never;
        },
      }) as unknown as InferenceClient;
    const ring = new SnippetRing();
    ring.addAround('lib/util.ts', 'export function clamp(v: number) {\n  return Math.max(0, v);\n}\n', 1);
    ring.addAround('.env.local', 'export const TOKEN = "shape-of-a-value";\nconst other = 1;\n', 0);
    const asked: string[] = [];
    const port = new ProfileEnginePort(
      { profileId: 'fast', completionModel },
      {
        client,
        warmer: { used: () => calls.push('used') } as unknown as ConnectionWarmer,
        ring,
        excludes: (file) => file.startsWith('.env'),
        rateLimits: { remainingMs: (id) => (id === 'fast' ? 1500 : 0) },
        recentTtftMs: (id, model) => {
          asked.push(`${id}/${model ?? '(any)'}`);
          return [40, 42];
        },
        clock: systemClock,
        timers: systemTimers,
        logger: silentLogger,
      },
    );
    return { port, calls, asked, switchClient: (name: string) => (current = name) };
  }

  it('streams through the client of the moment and marks the connection used first', () => {
    const { port, calls, switchClient } = setup('coder');
    port.backend({ prefix: 'a', suffix: '', maxTokens: 8 } as never, new AbortController().signal);
    switchClient('second');
    port.backend({ prefix: 'b', suffix: '', maxTokens: 8 } as never, new AbortController().signal);
    assert.deepEqual(calls, ['used', 'stream on first', 'used', 'stream on second']);
  });

  it('picks snippets without the excluded files, and reads the profile’s rate limit and first-token times', () => {
    const { port, asked } = setup('coder');
    const snippets = port.snippets('src/main.ts', 'clamp(value)', 2000);
    assert.deepEqual(snippets.map((s) => s.filename), ['lib/util.ts']);
    assert.equal(port.rateLimitRemainingMs(), 1500);
    assert.deepEqual(port.recentTtftMs(), [40, 42]);
    assert.deepEqual(asked, ['fast/coder']);
  });

  it('with no model named, asks for the first-token times of any model of the profile', () => {
    const { port, asked } = setup('');
    port.recentTtftMs();
    assert.deepEqual(asked, ['fast/(any)']);
  });
});
