// `npm run fake-server -- --port 8089 --ttft-ms 30 --tokens-per-second 2000`
// Serves until SIGINT/SIGTERM. Options: docs/fake-server.md.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startFakeServer } from './server';
import { FLAVOURS, type FakeServerPatch, type Flavour, type ReplayPace } from './types';

const HELP = `Usage: npm run fake-server -- [options]

An OpenAI-compatible test server on 127.0.0.1.

  --port N                 port to listen on (default 0 = any free port)
  --ttft-ms N              time from request to first token (default 30)
  --tokens-per-second N    generation rate (default 2000)
  --tokens-per-chunk N     tokens per streamed chunk (default 1)
  --flavour NAME           provider extras: ${FLAVOURS.join(', ')}
  --replay FILE            serve a recorded .sse body for chat/completions
  --pace P                 replay pace: recorded | instant | rate (default recorded)
  --config FILE            JSON file of options (flags given after it override it)
  --text TEXT              answer with this text
  --tokens N               answer with N tokens of filler code
  --usage MODE             when-asked | always | never
  --no-done                end streams without data: [DONE]
  --no-server-timings      leave out the flavour's timing fields
  --keep-alive-comments    write keep-alive comment lines while idle
  --loading-ms N           answer 503 "Loading model" for N ms after start
  --load-on-demand-ms N    hold the first request naming a model N ms while "loading" it (Ollama, LM Studio)
  --slots N                a llama-server prompt cache with N slots (similarity 0.1, else LRU)
  --prefix-cache           an OpenAI-style prompt cache (longest exact prefix of recent prompts)
  --prompt-ms-per-token N  time to first token added per prompt token not in the cache (default 0)
  --abort-notice-ms N      delay before a closed connection frees its slot (default one decode step)
  --help                   show this text

Control routes: POST /__fake/config, GET /__fake/requests, POST /__fake/reset.`;

export function parseArgs(argv: string[]): FakeServerPatch | 'help' {
  let patch: FakeServerPatch = {};
  let replayFile: string | undefined;
  let pace: ReplayPace = 'recorded';
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const number = (): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`${flag} needs a number, got "${raw}"`);
      return n;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--port': patch.port = number(); break;
      case '--ttft-ms': patch.ttftMs = number(); break;
      case '--tokens-per-second': patch.tokensPerSecond = number(); break;
      case '--tokens-per-chunk': patch.tokensPerChunk = number(); break;
      case '--flavour': patch.flavour = value() as Flavour; break;
      case '--replay': replayFile = resolve(value()); break;
      case '--pace': pace = value() as ReplayPace; break;
      case '--config': patch = { ...patch, ...(JSON.parse(readFileSync(value(), 'utf8')) as FakeServerPatch) }; break;
      case '--text': patch.response = { kind: 'text', text: value() }; break;
      case '--tokens': patch.response = { kind: 'tokens', count: number() }; break;
      case '--usage': patch.usage = value() as FakeServerPatch['usage']; break;
      case '--no-done': patch.sendDone = false; break;
      case '--no-server-timings': patch.serverTimings = false; break;
      case '--keep-alive-comments': patch.keepAliveComments = true; break;
      case '--loading-ms': patch.loadingMs = number(); break;
      case '--load-on-demand-ms': patch.loadOnDemandMs = number(); break;
      case '--slots': patch.promptCache = { kind: 'slots', slots: number() }; break;
      case '--prefix-cache': patch.promptCache = { kind: 'prefix' }; break;
      case '--prompt-ms-per-token': patch.promptMsPerToken = number(); break;
      case '--abort-notice-ms': patch.abortNoticeMs = number(); break;
      default:
        throw new Error(`unknown option ${flag} (see --help)`);
    }
  }
  if (replayFile) patch.replay = { file: replayFile, pace };
  return patch;
}

async function main(): Promise<void> {
  let parsed: FakeServerPatch | 'help';
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`fake server: ${(err as Error).message}`);
    process.exit(2);
  }
  if (parsed === 'help') {
    console.log(HELP);
    return;
  }
  const server = await startFakeServer(parsed);
  console.log(`fake server listening on ${server.url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`fake server: ${(err as Error).message}`);
    process.exit(1);
  });
}
