import * as vscode from 'vscode';
import { registerApply } from './apply';
import { registerChat } from './chat';
import { registerInlineCompletions } from './completion/provider';
import { registerProviderLayer } from './config';
import { PromptGate } from './config/promptGate';
import { SettingsStore } from './config/settingsStore';
import { registerLanguageModels } from './languageModels';
import { registerOnboarding } from './onboarding';
import type { SpeedSample } from './providers';
import { registerSpeed } from './speed';

/** Work that must finish before the extension host goes away (VS Code waits for deactivate's promise). */
let beforeExit: (() => Promise<void>) | undefined;

/** What the extension exports to other extensions (and the API tests): the recorded speed samples. */
export interface FastInferenceApi {
  speedHistory(): readonly SpeedSample[];
}

export function activate(context: vscode.ExtensionContext): FastInferenceApi {
  const log = vscode.window.createOutputChannel('Fast Inference', { log: true });
  const settings = new SettingsStore();
  context.subscriptions.push(log, settings, vscode.commands.registerCommand('fastInference.showLog', () => log.show()));

  const providers = registerProviderLayer(context, { settings, log });
  context.subscriptions.push(providers);
  const { endpoints, logger } = providers;
  const gate = new PromptGate(settings, logger);
  context.subscriptions.push(gate);

  const speed = registerSpeed(context, { settings, log: logger });
  beforeExit = () => speed.flush();
  providers.showSpeedWith((profileId) => speed.speedLabel(profileId));
  context.subscriptions.push(endpoints.observe(speed.observer));

  const completions = registerInlineCompletions(context, {
    settings,
    endpoints,
    log: logger,
    gate,
    recentTtftMs: (profileId, model) => speed.recentTtftMs(profileId, model),
  });
  speed.connect({ endpoints, completionStatus: completions });

  const apply = registerApply(context, { settings, endpoints, gate, logger });
  context.subscriptions.push(apply, registerChat(context, { settings, endpoints, gate, logger, apply: apply.smartApply }));
  context.subscriptions.push(registerLanguageModels(context, { settings, endpoints, logger }));
  context.subscriptions.push(registerOnboarding(context));
  return { speedHistory: () => speed.history.samples };
}

export async function deactivate(): Promise<void> {
  // The speed history is written in batches; what came in since the last write is saved here.
  await beforeExit?.();
  beforeExit = undefined;
}
