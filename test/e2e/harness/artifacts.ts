// What a failed scenario leaves behind for whoever reads the CI log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { VsCodeSession } from './session';

export async function saveFailureArtifacts(session: VsCodeSession, dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  await session.workbench.screenshot(path.join(dir, 'screenshot.png')).catch(() => undefined);
  const html = await session.page.content().catch(() => '');
  if (html) fs.writeFileSync(path.join(dir, 'page.html'), html);
  if (fs.existsSync(session.server.logFile)) fs.copyFileSync(session.server.logFile, path.join(dir, 'code-server.log'));
  const logs = path.join(session.dirs.userData, 'logs');
  if (fs.existsSync(logs)) fs.cpSync(logs, path.join(dir, 'vscode-logs'), { recursive: true });
  const output = session.extensionOutput();
  if (output) fs.writeFileSync(path.join(dir, 'fast-inference-output.log'), output);
  for (const [name, server] of Object.entries(session.fake)) {
    fs.writeFileSync(path.join(dir, `fake-server-${name}-requests.json`), JSON.stringify(server.requests(), null, 2));
  }
}
