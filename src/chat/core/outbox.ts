// Host → chat view delivery. The view is created lazily and destroyed when hidden,
// so the host cannot post until the page says `ready`. State messages posted
// meanwhile are dropped: on `ready` the host sends a full `init` snapshot that
// already contains them. Messages that are not state (focus the input, a notice)
// wait in a short queue and follow the snapshot.
import { assertNever, type HostMessage } from '../../shared/chatProtocol';
import { ReadyQueue } from '../../shared/webviewHost';

const MAX_QUEUED = 20;

/** Whether a message still means something after a fresh snapshot. */
export function survivesSnapshot(message: HostMessage): boolean {
  switch (message.type) {
    case 'focusInput':
    case 'showHistory':
    case 'notice':
    case 'promptReturned':
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

/** The chat view's queue: state waits for the snapshot, at most MAX_QUEUED other messages wait. */
export class WebviewOutbox extends ReadyQueue<HostMessage> {
  constructor() {
    super({ survivesSnapshot, maxQueued: MAX_QUEUED });
  }
}
