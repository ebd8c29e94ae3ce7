// What fixes a failed request, as buttons: the key or the model of the profile that
// failed (never a picker of every profile), or another provider when the server is not
// there. Shared by error notifications, Test Connection and the status bar hover.

export interface FixButton {
  label: string;
  command: string;
  args: unknown[];
}

export function fixButtons(action: string, profileId?: string): FixButton[] {
  const id = profileId === undefined ? [] : [profileId];
  switch (action) {
    case 'set-key':
      return [{ label: 'Set API Key…', command: 'fastInference.setApiKey', args: id }];
    case 'pick-model':
      return [{ label: 'Pick Model…', command: 'fastInference.pickModel', args: id }];
    case 'check-url':
    case 'start-server':
      return [
        { label: 'Add Provider…', command: 'fastInference.addProfile', args: [] },
        { label: 'Open Settings', command: 'workbench.action.openSettings', args: ['fastInference.profiles'] },
      ];
    default:
      return [];
  }
}
