// Fast Inference: one register call per feature, in the order they depend on each other; each returns what it owns as one Disposable.
import * as vscode from 'vscode';
import { registerApply } from './apply';
import { registerChat } from './chat';
import { registerInlineCompletions } from './completion/provider';
import { registerNextEdits } from './nextEdit';
import { registerProviderLayer } from './providers/vscode';
import { PromptGate } from './config/promptGate';
import { SettingsStore } from './config/settingsStore';
import { registerOnboarding } from './onboarding';
import { ExitWork } from './shared/exitWork';
import { registerSpeed } from './speed';

/** What must finish before the extension host goes away (VS Code awaits deactivate's promise). */
const exitWork = new ExitWork();

export function activate(context: vscode.ExtensionContext): void {
  const own = <T extends vscode.Disposable>(feature: T): T => (context.subscriptions.push(feature), feature);
  const log = own(vscode.window.createOutputChannel('Fast Inference', { log: true }));
  own(vscode.commands.registerCommand('fastInference.showLog', () => log.show()));
  const settings = own(new SettingsStore());
  const providers = own(registerProviderLayer(context, { settings, log }));
  const { endpoints, logger } = providers;
  const gate = own(new PromptGate(settings, logger));
  const speed = own(registerSpeed(context, { settings, log: logger, exitWork }));
  providers.showSpeedWith((profileId) => speed.speedLabel(profileId));
  own(endpoints.observe(speed.observer));
  const recentTtftMs = (profileId: string, model?: string) => speed.recentTtftMs(profileId, model);
  const completions = own(registerInlineCompletions(context, { settings, endpoints, log: logger, gate, recentTtftMs }));
  speed.connect({ endpoints, completionStatus: completions });
  own(registerNextEdits(context, { settings, endpoints, gate, log: logger, recentTtftMs }));
  const apply = own(registerApply(context, { settings, endpoints, gate, logger }));
  own(registerChat(context, { settings, endpoints, gate, logger, apply: apply.smartApply }));
  own(registerOnboarding(context));
}

/** The speed history is written in batches; what came in since the last write is saved here. */
export const deactivate = (): Promise<void> => exitWork.run();
