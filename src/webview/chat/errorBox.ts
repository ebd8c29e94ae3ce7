// An error inside the conversation, with the buttons that fix it. A rate
// limit shows "Wait N s" ticking down on the Retry button until it is usable.
import type { ErrorButton, ErrorView, WebviewMessage } from '../../shared/chatProtocol';
import { h, icon } from './dom';
import { secondsLeft } from './format';

export interface ErrorBoxActions {
  post(message: WebviewMessage): void;
  pickModel(models: string[] | undefined): void;
}

const LABELS: Record<Exclude<ErrorButton, 'retry'>, { text: string; icon: string }> = {
  'set-key': { text: 'Set API Key…', icon: 'key' },
  'pick-model': { text: 'Pick Another Model…', icon: 'symbol-class' },
  'add-provider': { text: 'Add Provider…', icon: 'add' },
  'open-settings': { text: 'Open Settings', icon: 'settings-gear' },
  'show-log': { text: 'Show Log', icon: 'output' },
};

/** Builds the error box; returns it with a disposer that stops the countdown. */
export function errorBox(
  messageId: string,
  error: ErrorView,
  canRetry: boolean,
  actions: ErrorBoxActions,
  receivedAt: number,
): { element: HTMLElement; dispose(): void } {
  let interval: ReturnType<typeof setInterval> | undefined;
  const buttons: HTMLElement[] = [];
  for (const kind of error.buttons) {
    if (kind === 'retry') {
      if (!canRetry) continue;
      const retry = h('button', { class: 'button secondary', attrs: { type: 'button', 'data-error-action': 'retry' } });
      const label = h('span');
      retry.append(icon('refresh'), label);
      retry.addEventListener('click', () => {
        if (!retry.hasAttribute('disabled')) actions.post({ type: 'retry', messageId });
      });
      const deadline = receivedAt + (error.retryAfterMs ?? 0);
      const tick = () => {
        const left = secondsLeft(deadline, Date.now());
        label.textContent = left > 0 ? ` Wait ${left} s` : ' Retry';
        if (left > 0) retry.setAttribute('disabled', '');
        else {
          retry.removeAttribute('disabled');
          if (interval !== undefined) clearInterval(interval);
          interval = undefined;
        }
      };
      tick();
      if (secondsLeft(deadline, Date.now()) > 0) interval = setInterval(tick, 250);
      buttons.push(retry);
      continue;
    }
    const { text, icon: iconName } = LABELS[kind];
    const button = h('button', { class: 'button', attrs: { type: 'button', 'data-error-action': kind } }, icon(iconName), ` ${text}`);
    button.addEventListener('click', () => {
      if (kind === 'pick-model') actions.pickModel(error.models);
      else actions.post({ type: 'hostAction', action: kind });
    });
    buttons.push(button);
  }
  const element = h(
    'div',
    { class: 'error-box', attrs: { role: 'alert' } },
    h('div', { class: 'error-text' }, icon('error'), h('span', { text: ` ${error.message}` })),
    buttons.length > 0 ? h('div', { class: 'error-actions' }, ...buttons) : null,
  );
  return {
    element,
    dispose: () => {
      if (interval !== undefined) clearInterval(interval);
    },
  };
}
