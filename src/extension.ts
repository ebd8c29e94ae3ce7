// Fast Inference: one register call per feature, in the order they depend on each other; each returns what it owns as one Disposable.
import * as vscode from 'vscode';
import type { FastInferenceApi } from './api';
import { registerApply } from './apply';
import { registerChat } from './chat';
import { registerInlineCompletions } from './completion/provider';
import { PromptGate } from './config/promptGate';
import { SettingsStore } from './config/settingsStore';
import { registerLanguageModels } from './languageModels';
import { registerNextEdits } from './nextEdit';
import { registerOnboarding } from './onboarding';
import { registerProviderLayer } from './providers/vscode';
import { ExitWork } from './shared/exitWork';
import { registerSpeed } from './speed';

const exitWork = new ExitWork(); // what must finish before the extension host goes away
export function activate(context: vscode.ExtensionContext): FastInferenceApi {
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
  const completions = own(registerInlineCompletions(context, { settings, endpoints, log: logger, gate, recentTtftMs: speed.recentTtftMs }));
  speed.connect({ endpoints, completionStatus: completions });
  own(registerNextEdits(context, { settings, endpoints, gate, log: logger, recentTtftMs: speed.recentTtftMs, ownTriggers: completions.ownTriggers }));
  const apply = own(registerApply(context, { settings, endpoints, gate, logger }));
  own(registerChat(context, { settings, endpoints, gate, logger, apply: apply.smartApply }));
  own(registerLanguageModels(context, { settings, endpoints, logger }));
  own(registerOnboarding(context));
  return { speedHistory: () => speed.history.samples };
}

/** VS Code awaits this: the speed history's last batch is written here. */
export const deactivate = (): Promise<void> => exitWork.run();
