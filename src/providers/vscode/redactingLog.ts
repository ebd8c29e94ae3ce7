// The Logger the pure code sees, backed by the extension's LogOutputChannel. Every line is
// redacted against the keys currently known, plus anything shaped like a key.
import type * as vscode from 'vscode';
import { redactSecrets, type Logger } from '../../shared/log';

export function redactingLogger(channel: vscode.LogOutputChannel, secrets: () => Iterable<string>): Logger {
  const clean = (message: string) => redactSecrets(message, secrets());
  return {
    trace: (m) => channel.trace(clean(m)),
    debug: (m) => channel.debug(clean(m)),
    info: (m) => channel.info(clean(m)),
    warn: (m) => channel.warn(clean(m)),
    error: (m) => channel.error(clean(m)),
  };
}
