/** Logging seen by pure code; the extension backs it with a LogOutputChannel that redacts secrets. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * Replaces every known secret and anything shaped like a bearer token or API key
 * with a placeholder. Applied to every line before it reaches a log or an error message.
 */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]')
    .replace(/\b(sk|gsk|csk|xai|fw|or|sk-or-v1|sn)[-_][A-Za-z0-9_-]{12,}/g, '[redacted]');
}
