// The speed dashboard panel (fastInference.openDashboard): a locked-down webview that
// draws the history and Compare Providers results. Messages to it wait until the
// webview says it is ready; messages from it are validated.
import * as vscode from 'vscode';
import type { Logger } from '../shared/log';
import { createNonce } from '../shared/nonce';
import { ReadyQueue, webviewHtml, webviewPolicy } from '../shared/webviewHost';
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
  /** Only reveals outlive the page's `ready`: the state goes out afresh then. */
  private readonly outbox = new ReadyQueue<DashboardUpdate>({ survivesSnapshot: (m) => m.type === 'reveal' });
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
    const send = (message: DashboardUpdate) => void panel.webview.postMessage(message);
    this.outbox.clear();
    this.outbox.attach(send);
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      // A hidden webview is torn down (no retainContextWhenHidden); it says ready again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.outbox.attach(send);
      }),
      panel.onDidDispose(() => this.closed()),
    );
  }

  private closed(): void {
    this.panel = undefined;
    this.outbox.detach();
    this.outbox.clear();
    for (const d of this.panelDisposables.splice(0)) d.dispose();
  }

  private post(message: DashboardUpdate): void {
    if (this.panel) this.outbox.post(message);
  }

  private receive(raw: unknown): void {
    const message: DashboardRequest | undefined = parseDashboardRequest(raw);
    if (!message) {
      this.log.warn('Dashboard: ignored an unexpected message from the webview');
      return;
    }
    switch (message.type) {
      case 'ready': {
        const snapshot = [this.historyMessage()];
        if (this.compare) snapshot.push({ type: 'compareResult', result: this.compare });
        this.outbox.open(...snapshot);
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
    return webviewHtml({
      policy: webviewPolicy(webview.cspSource, nonce),
      nonce,
      title: 'Fast Inference Speed',
      styleUris: [asset('dist', 'webview', 'dashboard.css'), asset('media', 'dashboard.css')],
      scriptUri: asset('dist', 'webview', 'dashboard.js'),
      body: '<main id="app" aria-live="polite"></main>',
    });
  }

  dispose(): void {
    this.stopHistory.dispose();
    this.panel?.dispose();
    this.closed();
  }
}
