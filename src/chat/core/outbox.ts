// Host → webview delivery. A webview view is created lazily and destroyed when
// hidden, so the host cannot post until the page says `ready`. State messages
// posted meanwhile are dropped: on `ready` the host sends a full `init`
// snapshot that already contains them. Messages that are not state (focus the
// input, a notice) wait in a short queue and follow the snapshot.
import { assertNever, type HostMessage } from '../../shared/protocol';

const MAX_QUEUED = 20;

/** Whether a message still means something after a fresh snapshot. */
export function survivesSnapshot(message: HostMessage): boolean {
  switch (message.type) {
    case 'focusInput':
    case 'showHistory':
    case 'notice':
    case 'response':
      return true;
    case 'init':
    case 'conversation':
    case 'conversations':
    case 'messageAdded':
    case 'delta':
    case 'messageFinished':
    case 'messageRemoved':
    case 'busy':
    case 'context':
    case 'providers':
      return false;
    default:
      return assertNever(message);
  }
}

export class WebviewOutbox {
  private ready = false;
  private queue: HostMessage[] = [];

  constructor(private send: ((message: HostMessage) => void) | undefined = undefined) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** A new webview page exists; it is not ready until it says so. */
  attach(send: (message: HostMessage) => void): void {
    this.send = send;
    this.ready = false;
  }

  /** The webview page is gone (view hidden or disposed). */
  detach(): void {
    this.send = undefined;
    this.ready = false;
  }

  post(message: HostMessage): void {
    if (this.ready && this.send) {
      this.send(message);
      return;
    }
    if (!survivesSnapshot(message)) return;
    this.queue.push(message);
    if (this.queue.length > MAX_QUEUED) this.queue.shift();
  }

  /** The page said `ready`: send the snapshot, then what was waiting. */
  open(snapshot: HostMessage): void {
    if (!this.send) return;
    this.ready = true;
    this.send(snapshot);
    const waiting = this.queue;
    this.queue = [];
    for (const message of waiting) this.send(message);
  }
}
