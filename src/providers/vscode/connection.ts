// fastInference.testConnection: runs the connection check (models, a chat answer with its
// speed, the completion route) against one profile under a cancellable progress
// notification, and says what it found with the button that fixes what failed.
import * as vscode from 'vscode';
import type { Logger } from '../../shared/log';
import { checkConnection, summariseConnection, type ConnectionCheckClient, type ConnectionReport } from '../../config/core/connectionCheck';
import { findProfile } from '../../config/core/profiles';
import { showWithFixes } from './fixNotification';
import { labelOf, pickProfile, type ProfilePickerDeps } from './profilePicker';

export interface ConnectionDeps extends ProfilePickerDeps {
  endpoints: { clientFor(profileId: string): Promise<ConnectionCheckClient> };
  logger: Logger;
}

export async function testConnection(deps: ConnectionDeps, profileId?: string): Promise<ConnectionReport | undefined> {
  const { current } = deps.settings;
  const target =
    typeof profileId === 'string'
      ? profileId
      : current.profiles.length === 1
        ? current.profiles[0].id
        : await pickProfile(deps, 'Test Connection to…', current.completionProfile);
  if (!target) return undefined;
  const profile = findProfile(current, target);
  const name = profile ? labelOf(profile) : target;
  const client = await deps.endpoints.clientFor(target);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing ${name}: models, a chat answer, a completion…`, cancellable: true },
    (_progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      return checkConnection(client, controller.signal);
    },
  );
  const summary = summariseConnection(report);
  deps.logger.info(`Test Connection: ${summary.message}`);
  if (summary.ok) {
    const choice = await vscode.window.showInformationMessage(summary.message, 'Try a Completion', 'Open Chat');
    if (choice === 'Try a Completion') await vscode.commands.executeCommand('fastInference.openSampleFile');
    if (choice === 'Open Chat') await vscode.commands.executeCommand('fastInference.chat.focus');
    return report;
  }
  const show = report.chat.ok || report.completion.ok ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  await showWithFixes(show, summary.message, summary.action ?? 'none', target);
  return report;
}
