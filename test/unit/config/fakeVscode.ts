// The config adapters' name for the one `vscode` stand-in (test/unit/support/vscode.ts), kept so
// tests written against it still compile. Dialogs answer from `answers`, in order, and a dialog
// the test did not expect fails it.
import { installVscodeStandIn, resetVscode } from '../support/vscode';

export {
  answers,
  commands,
  ConfigurationTarget,
  Disposable,
  EventEmitter,
  FakeLogChannel,
  FakeMemento,
  FakeSecretStorage,
  ProgressLocation,
  setUserSetting,
  settingsFile,
  shown,
  window,
  workspace,
  type ShownMessage,
} from '../support/vscode';

export function resetFakeVscode(): void {
  resetVscode('answers');
}

export function installFakeVscode(): void {
  installVscodeStandIn();
}
