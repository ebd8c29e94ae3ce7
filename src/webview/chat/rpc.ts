// Webview side of request/response: each request gets an id, the host answers
// with a `response` carrying the same id, and a request left unanswered fails
// after a timeout instead of hanging.
import type { RequestKind, RequestMap, RequestResult, WebviewMessage, WebviewRequest } from '../../shared/chatProtocol';

interface Pending {
  resolve: (value: RequestResult) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class RequestClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly timeoutMs = 15_000,
  ) {}

  request<K extends RequestKind>(kind: K, params: RequestMap[K]['params']): Promise<RequestResult<K>> {
    const requestId = this.nextId++;
    const request = { kind, ...params } as WebviewRequest;
    return new Promise<RequestResult<K>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`No answer to ${kind}`));
      }, this.timeoutMs);
      this.pending.set(requestId, { resolve: resolve as (v: RequestResult) => void, reject, timer });
      this.post({ type: 'request', requestId, request });
    });
  }

  settle(requestId: number, outcome: { ok: true; result: RequestResult } | { ok: false; error: string }): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.pending.delete(requestId);
    clearTimeout(entry.timer);
    if (outcome.ok) entry.resolve(outcome.result);
    else entry.reject(new Error(outcome.error));
  }
}
