// What fixes a failed request, as buttons: the key or the model of the profile that
// failed (never a picker of every profile), or another provider when the server is not
// there. Shared by error notifications, Test Connection and the status bar hover; the
// choice of fixes per error is the provider layer's ERROR_FIXES.
import { ERROR_FIXES } from '../../providers/errors';
import type { ErrorAction } from '../../providers/types';
import type { ErrorButton } from '../../shared/chatProtocol';

export interface FixButton {
  label: string;
  command: string;
  args: unknown[];
}

/** The fixes a notification can run as a command; 'retry' and 'show-log' are offered otherwise. */
function commandFor(fix: ErrorButton, id: unknown[]): FixButton | undefined {
  switch (fix) {
    case 'set-key':
      return { label: 'Set API Key…', command: 'fastInference.setApiKey', args: id };
    case 'pick-model':
      return { label: 'Pick Model…', command: 'fastInference.pickModel', args: id };
    case 'add-provider':
      return { label: 'Add Provider…', command: 'fastInference.addProfile', args: [] };
    case 'open-settings':
      return { label: 'Open Settings', command: 'workbench.action.openSettings', args: ['fastInference.profiles'] };
    default:
      return undefined;
  }
}

export function fixButtons(action: string, profileId?: string): FixButton[] {
  const id = profileId === undefined ? [] : [profileId];
  const fixes = ERROR_FIXES[action as ErrorAction] ?? [];
  return fixes.map((fix) => commandFor(fix, id)).filter((b): b is FixButton => b !== undefined);
}
