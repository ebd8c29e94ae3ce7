// Turns a failed request into what the conversation shows: the message and the
// buttons that fix it. ProviderError is recognised by shape so this stays
// independent of how the provider layer is bundled.
import { ERROR_FIXES } from '../../providers/errors';
import type { ErrorAction, ProviderErrorKind } from '../../providers/types';
import { redactSecrets } from '../../shared/log';
import type { ErrorView } from '../../shared/chatProtocol';

interface ProviderErrorShape {
  message: string;
  kind: ProviderErrorKind;
  action: ErrorAction;
  retryAfterMs?: number;
  availableModels?: string[];
}

function isProviderError(err: unknown): err is ProviderErrorShape {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as Record<string, unknown>;
  return typeof e.kind === 'string' && typeof e.action === 'string' && typeof e.message === 'string';
}

export function errorView(err: unknown): ErrorView {
  if (isProviderError(err)) {
    const view: ErrorView = {
      kind: err.kind,
      message: redactSecrets(err.message),
      buttons: [...(ERROR_FIXES[err.action] ?? ['retry'])],
    };
    if (err.retryAfterMs !== undefined && err.retryAfterMs > 0) view.retryAfterMs = err.retryAfterMs;
    if (err.availableModels && err.availableModels.length > 0) view.models = err.availableModels.slice(0, 50);
    return view;
  }
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'unknown', message: redactSecrets(`Unexpected error: ${message}`), buttons: ['retry', 'show-log'] };
}
