// The speed adapters' name for the one `vscode` stand-in (test/unit/support/vscode.ts), kept so
// tests written against it still compile. Dialogs answer from `script`; everything shown is in
// `recorded`.
import { installVscodeStandIn, resetVscode } from '../support/vscode';

export {
  commands,
  Disposable,
  EventEmitter,
  FakeMemento,
  FakeStatusBarItem,
  FakeWebviewPanel,
  MarkdownString,
  ProgressLocation,
  QuickPickItemKind,
  recorded,
  script,
  StatusBarAlignment,
  ThemeColor,
  Uri,
  ViewColumn,
  window,
  workspace,
  type Shown,
} from '../support/vscode';

export function resetStandIn(): void {
  resetVscode('script');
}

export function installStandIn(): void {
  installVscodeStandIn();
}
