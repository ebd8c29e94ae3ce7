// What every webview of the extension shares, on the host side: the locked-down page
// shell (content security policy, nonce-loaded bundle, no inline script or style) and
// a queue that holds messages until the page says it is ready. Pure: the adapters pass
// in `webview.cspSource`, the asset URIs and a `postMessage`.

/**
 * The policy of every page: nothing by default; scripts only by nonce; styles, fonts and
 * images only from the extension's own files; no network, frames, forms or base URL.
 * `extra` adds directives a page needs on top (e.g. Trusted Types).
 */
export function webviewPolicy(cspSource: string, nonce: string, extra: readonly string[] = []): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "connect-src 'none'",
    "frame-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
    ...extra,
  ].join('; ');
}

export interface WebviewPage {
  /** From webviewPolicy(). */
  policy: string;
  nonce: string;
  title: string;
  styleUris: readonly string[];
  scriptUri: string;
  /** The page's root element, e.g. `<div id="app"></div>`. */
  body: string;
}

/** Escapes a value for a double-quoted HTML attribute. */
const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The HTML shell: the policy before any resource, the styles, the root element and the one bundle. */
export function webviewHtml(page: WebviewPage): string {
  const styles = page.styleUris.map((uri) => `<link rel="stylesheet" href="${attr(uri)}">\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(page.policy)}">
<meta http-equiv="x-dns-prefetch-control" content="off">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}<title>${attr(page.title)}</title>
</head>
<body>
${page.body}
<script nonce="${attr(page.nonce)}" src="${attr(page.scriptUri)}"></script>
</body>
</html>`;
}

export interface ReadyQueueOptions<M> {
  /**
   * Whether a message posted before the page was ready still means something after the
   * snapshot the page gets on `ready`; the others are dropped (the snapshot covers them).
   */
  survivesSnapshot(message: M): boolean;
  /** Keep at most this many waiting messages, dropping the oldest. */
  maxQueued?: number;
}

/**
 * Host → webview delivery. A page cannot receive until it says `ready` (and a hidden page
 * may be torn down and rebuilt), so messages wait here; on `ready` the host sends a
 * snapshot of its state and then whatever still means something.
 */
export class ReadyQueue<M> {
  private ready = false;
  private queue: M[] = [];
  private send: ((message: M) => void) | undefined;

  constructor(private readonly options: ReadyQueueOptions<M>) {}

  /** A page exists (new, or rebuilt after being hidden); it is not ready until it says so. */
  attach(send: (message: M) => void): void {
    this.send = send;
    this.ready = false;
  }

  /** The page is gone (view hidden or disposed). */
  detach(): void {
    this.send = undefined;
    this.ready = false;
  }

  /** Forgets what waits (a closed panel's messages mean nothing to the next one). */
  clear(): void {
    this.queue = [];
  }

  post(message: M): void {
    if (this.ready && this.send) {
      this.send(message);
      return;
    }
    if (!this.options.survivesSnapshot(message)) return;
    this.queue.push(message);
    if (this.options.maxQueued !== undefined && this.queue.length > this.options.maxQueued) this.queue.shift();
  }

  /** The page said `ready`: send the snapshot, then what was waiting. */
  open(...snapshot: M[]): void {
    const send = this.send;
    if (!send) return;
    this.ready = true;
    for (const message of snapshot) send(message);
    const waiting = this.queue;
    this.queue = [];
    for (const message of waiting) send(message);
  }
}
