/** Logging seen by pure code; the extension backs it with a LogOutputChannel that redacts secrets. */
export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Query parameter and field names that carry credentials: `api_key`, `key`, `token`, `x-api-key`, `password`… */
const CREDENTIAL_NAME = String.raw`[\w.-]*?(?:key|token|secret|passw(?:or)?d|signature|sig)|(?:proxy-)?authorization|(?:set-)?cookie`;

/** `api_key=…` in a query, `"x-api-key": "…"` in an echoed JSON body, `Authorization: Basic …` in a header dump. */
const CREDENTIAL_FIELD = new RegExp(
  String.raw`(^|[^\w-])(${CREDENTIAL_NAME})(["']?\s*[:=]\s*["']?)((?:basic|bearer|token|digest)\s+)?[^\s"',;&#}<>]{3,}[^\s"',;&#}<>.]`,
  'gi',
);

/** `user:password@` after a URL scheme. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/**
 * Replaces every known secret and anything shaped like a credential with a placeholder: bearer
 * tokens, provider key formats, a URL's user and password, key-like query parameters and
 * credential fields in echoed headers or bodies. Applied to every line before it reaches a log
 * or an error message.
 */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  // Longest first, so a value that contains another is not left half shown.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[redacted]')
    .replace(/\b(sk|gsk|csk|xai|fw|or|sk-or-v1|sn)[-_][A-Za-z0-9_-]{12,}/g, '[redacted]')
    .replace(URL_USERINFO, '$1[redacted]@')
    .replace(CREDENTIAL_FIELD, (match, before: string, name: string, between: string, scheme: string | undefined) =>
      match.endsWith('[redacted]') ? match : `${before}${name}${between}${scheme ?? ''}[redacted]`,
    );
}

/**
 * The credentials a URL carries: its user and password, and the values of key-like query
 * parameters (`?api_key=…`, `&key=…`, `token=…`). Empty for a URL that does not parse.
 */
export function urlCredentials(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return [];
  }
  const found = [decodeURIComponent(parsed.username), decodeURIComponent(parsed.password)];
  const name = new RegExp(`^(?:${CREDENTIAL_NAME})$`, 'i');
  for (const [key, value] of parsed.searchParams) if (name.test(key)) found.push(value, encodeURIComponent(value));
  return [...new Set(found)].filter((v) => v.length >= 4);
}
