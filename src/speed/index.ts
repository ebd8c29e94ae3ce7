// registerSpeed: the live meter and history behind the StreamObserver the provider layer
// reports to, the status bar item, the dashboard, and the speed commands.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findProfile, resolveEndpoint } from '../config/core/profiles';
import type { Settings } from '../config/core/settings';
import type { StreamObserver } from '../providers/types';
import { systemClock, systemTimers, type Clock, type Timers } from '../shared/clock';
import type { ExitWork } from '../shared/exitWork';
import type { DashboardSection, ExportFormat } from '../shared/dashboardProtocol';
import type { Logger } from '../shared/log';
import { compareProviders, type CompareClientSource } from './compareCommand';
import type { CompletionStatusSource, CooldownSource } from './core/completionStatus';
import { comparisonToCsv, comparisonToJson, samplesToCsv, samplesToJson } from './core/export';
import type { SpeedHistory } from './core/history';
import { LiveSpeedMeter } from './core/liveMeter';
import { StatusController, fanOut, historyRecorder, type ProviderRef } from './core/statusController';
import { profileSpeedLabel } from './core/statusExtras';
import { SpeedDashboard } from './dashboard';
import { PersistedSpeedHistory } from './historyStore';
import { showSpeedMenu } from './menu';
import { SpeedStatusBar } from './statusBar';

export type { CompletionStatus, CompletionStatusSource, CooldownSource } from './core/completionStatus';

export interface SpeedDeps {
  settings: { readonly current: Settings; readonly onDidChange: vscode.Event<Settings> };
  log: Logger;
  clock?: Clock;
  timers?: Timers;
  /** Where the history's last batch is written on exit (deactivate runs it). */
  exitWork?: ExitWork;
}

/** Parts that exist only after the provider layer and the completion provider are set up. */
export interface SpeedConnections {
  /** The EndpointService: clients for Compare Providers, and the rate-limit gate for the status bar. */
  endpoints?: CompareClientSource & { readonly rateLimits?: CooldownSource };
  completionStatus?: CompletionStatusSource;
}

export interface Speed extends vscode.Disposable {
  /** Pass to the provider layer (createInferenceClient's `observer`, through the EndpointService). */
  readonly observer: StreamObserver;
  readonly history: SpeedHistory;
  readonly statusBar: SpeedStatusBar;
  readonly dashboard: SpeedDashboard;
  readonly status: StatusController;
  /** Hooks up the endpoints and the completion engine's state; call again when they change. */
  connect(connections: SpeedConnections): void;
  /** Times to first token of the latest successful requests to a profile (and model), oldest first: for the adaptive debounce. Uses no `this`, so it can be passed on alone. */
  recentTtftMs(profileId: string, model?: string, count?: number): number[];
  /** Writes the history now (the window is closing; VS Code waits for deactivate's promise). */
  flush(): Promise<void>;
  /** A profile's recent speed for the provider pickers ("1,850 tok/s · 40 ms"). */
  speedLabel(profileId: string): string | undefined;
}

function providerRef(settings: Settings, profileId: string, kind: 'completion' | 'chat'): ProviderRef | undefined {
  const profile = findProfile(settings, profileId);
  if (!profile) return undefined;
  const endpoint = resolveEndpoint(profile, settings);
  return { profileId, providerName: endpoint.providerName, model: kind === 'chat' ? endpoint.chatModel : endpoint.completionModel };
}

function exportFileName(what: DashboardSection, format: ExportFormat): string {
  const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `fast-inference-${what === 'history' ? 'speed' : 'comparison'}-${stamp}.${format}`;
}

/** Exports go to Downloads (or the home folder), not into the workspace where they would be committed by accident. */
function exportFolder(): vscode.Uri {
  const downloads = path.join(os.homedir(), 'Downloads');
  return vscode.Uri.file(fs.existsSync(downloads) ? downloads : os.homedir());
}

async function saveExport(what: DashboardSection, format: ExportFormat, content: string, log: Logger): Promise<void> {
  const uri = await vscode.window.showSaveDialog({
    title: what === 'history' ? 'Export Speed History' : 'Export Comparison',
    defaultUri: vscode.Uri.joinPath(exportFolder(), exportFileName(what, format)),
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
  });
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
  log.info(`Exported ${what} as ${format} to ${uri.fsPath}`);
  const choice = await vscode.window.showInformationMessage(`Saved ${path.basename(uri.fsPath)} in ${path.dirname(uri.fsPath)}.`, 'Open', 'Reveal');
  if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', uri);
  if (choice === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', uri);
}

export function registerSpeed(context: vscode.ExtensionContext, deps: SpeedDeps): Speed {
  const { settings, log } = deps;
  const clock = deps.clock ?? systemClock;
  const timers = deps.timers ?? systemTimers;
  const meter = new LiveSpeedMeter(clock, timers);
  const stored = new PersistedSpeedHistory(context.globalState, settings.current.speed.historyLimit, meter, (err) =>
    log.warn(`Could not save the speed history: ${String(err)}`),
  );
  const history = stored.history;
  const status = new StatusController({ meter, history, timers, wallNow: Date.now });
  const observer = fanOut([meter, historyRecorder(history)], (err) => log.error(`Speed display failed: ${String(err)}`));
  let endpoints: SpeedConnections['endpoints'];

  const exportData = async (what: DashboardSection, format: ExportFormat) => {
    let content: string;
    if (what === 'history') {
      content = format === 'csv' ? samplesToCsv(history.samples) : samplesToJson(history.samples, new Date());
    } else {
      const result = dashboard.lastComparison;
      if (!result) {
        void vscode.window.showInformationMessage('Fast Inference: run Compare Providers first.');
        return;
      }
      content = format === 'csv' ? comparisonToCsv(result) : comparisonToJson(result);
    }
    await saveExport(what, format, content, log);
  };
  const clearHistory = async () => {
    const answer = await vscode.window.showWarningMessage(
      `Clear all ${history.size} recorded speed samples?`,
      { modal: true, detail: 'The status bar percentiles and the dashboard start again from nothing.' },
      'Clear',
    );
    if (answer !== 'Clear') return;
    history.clear();
    await stored.flush();
  };
  const runCompare = async () => {
    if (!endpoints) {
      void vscode.window.showWarningMessage('Fast Inference: providers are not ready yet.');
      return;
    }
    await compareProviders(settings.current, endpoints, dashboard, log);
  };

  const dashboard = new SpeedDashboard(
    context.extensionUri,
    history,
    {
      exportData: (what, format) => void exportData(what, format).catch((err) => log.error(`Export failed: ${String(err)}`)),
      clearHistory: () => void clearHistory(),
      compareProviders: () => void vscode.commands.executeCommand('fastInference.compareProviders'),
    },
    log,
  );
  let completionStatus: CompletionStatusSource | undefined;
  const statusBar = new SpeedStatusBar(status, () => {
    const current = completionStatus?.status;
    return { errorKind: current?.state === 'error' ? current.errorKind : undefined, profileId: settings.current.completionProfile };
  });

  const updateProviders = (s: Settings) => {
    status.setProviders({ completion: providerRef(s, s.completionProfile, 'completion'), chat: providerRef(s, s.chatProfile, 'chat') });
    history.setLimit(s.speed.historyLimit);
  };
  updateProviders(settings.current);

  const disposables: vscode.Disposable[] = [
    settings.onDidChange(updateProviders),
    vscode.commands.registerCommand('fastInference.showMenu', () =>
      showSpeedMenu(settings.current, {
        completion: providerRef(settings.current, settings.current.completionProfile, 'completion')?.providerName,
        chat: providerRef(settings.current, settings.current.chatProfile, 'chat')?.providerName,
        completionSpeed: profileSpeedLabel(history.samples, settings.current.completionProfile),
        chatSpeed: profileSpeedLabel(history.samples, settings.current.chatProfile),
      }),
    ),
    vscode.commands.registerCommand('fastInference.openDashboard', () => dashboard.open()),
    // A dashboard left open comes back after a window reload or restart (activation event onWebviewPanel).
    vscode.window.registerWebviewPanelSerializer(SpeedDashboard.viewType, {
      deserializeWebviewPanel: async (panel) => dashboard.restore(panel),
    }),
    vscode.commands.registerCommand('fastInference.compareProviders', runCompare),
    vscode.commands.registerCommand('fastInference.clearSpeedHistory', clearHistory),
    statusBar,
    dashboard,
    { dispose: () => status.dispose() },
    { dispose: () => meter.dispose() },
    stored,
  ];

  let disposed = false;
  const speed: Speed = {
    observer,
    history,
    statusBar,
    dashboard,
    status,
    connect(connections) {
      if (connections.endpoints) endpoints = connections.endpoints;
      if (connections.endpoints?.rateLimits) status.setCooldowns(connections.endpoints.rateLimits);
      if (connections.completionStatus) {
        completionStatus = connections.completionStatus;
        status.setCompletionStatus(connections.completionStatus);
      }
    },
    recentTtftMs(profileId, model, count = 20) {
      return history.samples
        .filter((s) => s.profileId === profileId && (model === undefined || s.model === model) && s.ttftMs !== null && s.error === undefined)
        .slice(-count)
        .map((s) => s.ttftMs as number);
    },
    flush: () => stored.flush(),
    speedLabel: (profileId) => profileSpeedLabel(history.samples, profileId),
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const d of disposables.reverse()) d.dispose();
    },
  };
  if (deps.exitWork) disposables.push(deps.exitWork.add(() => stored.flush()));
  return speed;
}
