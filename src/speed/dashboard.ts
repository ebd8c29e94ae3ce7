// The speed dashboard panel (fastInference.openDashboard): a locked-down webview that
// draws the history and Compare Providers results. Messages to it wait until the
// webview says it is ready; messages from it are validated.
import * as vscode from 'vscode';
import type { Logger } from '../shared/log';
import { createNonce } from '../shared/nonce';
import {
  parseDashboardRequest,
  type DashboardRequest,
  type DashboardSection,
  type DashboardUpdate,
  type ExportFormat,
} from '../shared/dashboardProtocol';
import type { CompareResult } from './core/compare';
import type { SpeedHistory } from './core/history';

export interface DashboardActions {
  exportData(what: DashboardSection, format: ExportFormat): void;
  clearHistory(): void;
  compareProviders(): void;
}

export class SpeedDashboard implements vscode.Disposable {
  static readonly viewType = 'fastInference.dashboard';
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: DashboardUpdate[] = [];
  private compare: CompareResult | undefined;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private readonly stopHistory: { dispose(): unknown };

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly history: SpeedHistory,
    private readonly actions: DashboardActions,
    private readonly log: Logger,
  ) {
    this.stopHistory = history.onChange((change) => {
      if (!this.panel) return;
      this.post(change.type === 'added' ? { type: 'sample', sample: change.sample } : this.historyMessage());
    });
  }

  get lastComparison(): CompareResult | undefined {
    return this.compare;
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens the panel (or brings it forward) and scrolls to a section. */
  open(section?: DashboardSection): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
    } else {
      this.create();
    }
    if (section) this.post({ type: 'reveal', section });
  }

  showCompareProgress(done: number, total: number, label: string): void {
    if (this.panel) this.post({ type: 'compareProgress', done, total, label });
  }

  showComparison(result: CompareResult): void {
    this.compare = result;
    const wasOpen = this.isOpen;
    this.open();
    // A new panel gets the result with its first state; an open one needs it sent.
    if (wasOpen) this.post({ type: 'compareResult', result });
    this.post({ type: 'reveal', section: 'compare' });
  }

  private historyMessage(): DashboardUpdate {
    return { type: 'history', samples: [...this.history.samples], limit: this.history.limit };
  }

  private webviewOptions(): vscode.WebviewOptions {
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')] };
  }

  private create(): void {
    const panel = vscode.window.createWebviewPanel(
      SpeedDashboard.viewType,
      'Fast Inference Speed',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...this.webviewOptions(), retainContextWhenHidden: false },
    );
    this.attach(panel);
  }

  /**
   * Takes over a panel VS Code kept from the last window (the window reloaded or
   * restarted with the dashboard open); the figures come from the history, not
   * from the webview's state.
   */
  restore(panel: vscode.WebviewPanel): void {
    if (this.panel) {
      // Already opened by a command during activation: keep that one.
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  private attach(panel: vscode.WebviewPanel): void {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    this.panel = panel;
    this.ready = false;
    // The full state goes out when the webview says ready; only reveals wait in the queue.
    this.queue = [];
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      // A hidden webview is torn down (no retainContextWhenHidden); it says ready again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.closed()),
    );
  }

  private closed(): void {
    this.panel = undefined;
    this.ready = false;
    this.queue = [];
    for (const d of this.panelDisposables.splice(0)) d.dispose();
  }

  private post(message: DashboardUpdate): void {
    if (!this.panel) return;
    if (!this.ready) {
      this.queue.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message: DashboardRequest | undefined = parseDashboardRequest(raw);
    if (!message) {
      this.log.warn('Dashboard: ignored an unexpected message from the webview');
      return;
    }
    switch (message.type) {
      case 'ready': {
        // Whatever was queued describes an older state when the webview was rebuilt: start it afresh.
        const pending = this.queue.filter((m) => m.type === 'reveal');
        this.queue = [];
        this.ready = true;
        this.post(this.historyMessage());
        if (this.compare) this.post({ type: 'compareResult', result: this.compare });
        for (const m of pending) this.post(m);
        break;
      }
      case 'export':
        this.actions.exportData(message.what, message.format);
        break;
      case 'clearHistory':
        this.actions.clearHistory();
        break;
      case 'compareProviders':
        this.actions.compareProviders();
        break;
      case 'rendered':
        this.log.debug(`Dashboard drew ${message.charts} charts`);
        break;
      default: {
        const never: never = message;
        void never;
      }
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = createNonce();
    const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview', 'dashboard.css')}">
<link rel="stylesheet" href="${asset('media', 'dashboard.css')}">
<title>Fast Inference Speed</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${asset('dist', 'webview', 'dashboard.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.stopHistory.dispose();
    this.panel?.dispose();
    this.closed();
  }
}
