// Keeps a connection to the endpoint open ahead of the requests that need it, so the first
// request of a session does not pay for the TCP (and TLS) handshake: about 35 ms in Node
// against a server on this machine, over 100 ms to a cloud. Node's fetch keeps an idle
// connection for about 4 s, so a connection is opened again when something that will need the
// endpoint soon happens (activation, a switch of provider, the window gaining focus, the first
// keystroke after a pause) and nothing used the endpoint for a while.
import type { Clock } from '../shared/clock';

/** Node's fetch (undici) closes a connection idle for 4 s; warm again a little before. */
export const WARM_AFTER_IDLE_MS = 3000;

export class ConnectionWarmer {
  private lastUseAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<unknown> | undefined;

  /** `warmUp` sends a cheap request to the endpoint (its model list) and ignores the answer. */
  constructor(
    private readonly warmUp: () => Promise<unknown>,
    private readonly clock: Clock,
    private readonly idleMs = WARM_AFTER_IDLE_MS,
  ) {}

  /** The endpoint will be needed soon: opens a connection when the last one has likely closed. */
  touch(): void {
    const now = this.clock.now();
    const idle = now - this.lastUseAt >= this.idleMs;
    this.lastUseAt = now;
    if (!idle || this.pending) return;
    this.pending = this.warmUp()
      .catch(() => undefined)
      .finally(() => {
        this.pending = undefined;
        this.lastUseAt = this.clock.now();
      });
  }

  /** A request went out: the connection is warm. */
  used(): void {
    this.lastUseAt = this.clock.now();
  }
}
