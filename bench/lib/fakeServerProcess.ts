// The fake server in its own process, so its pacing and the client under
// measurement do not share an event loop. Its request log is read over HTTP.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FakeServerOptions, RequestRecord } from '../../test/fake-server/types';

export interface FakeServerProcess {
  url: string;
  baseUrl: string;
  requests(): Promise<RequestRecord[]>;
  /** Changes the server's options, as `FakeServer.configure` does in process. */
  configure(patch: Partial<FakeServerOptions>): Promise<void>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

let started = 0;

export async function startFakeServerProcess(options: Partial<FakeServerOptions>): Promise<FakeServerProcess> {
  const file = path.join(os.tmpdir(), `fi-bench-fake-${process.pid}-${++started}.json`);
  fs.writeFileSync(file, JSON.stringify(options));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'test', 'fake-server', 'cli.ts'), '--config', file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on (http:\/\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
    });
    return {
      url,
      baseUrl: `${url}/v1`,
      requests: async () => (await (await fetch(`${url}/__fake/requests`)).json()) as RequestRecord[],
      configure: async (patch) => {
        const res = await fetch(`${url}/__fake/config`, { method: 'POST', body: JSON.stringify(patch) });
        if (!res.ok) throw new Error(`fake server config: ${res.status}`);
      },
      reset: async () => void (await fetch(`${url}/__fake/reset`, { method: 'POST' })),
      close: async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      },
    };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
