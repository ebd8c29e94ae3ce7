// The provider layer's VS Code side in one call: keys in SecretStorage (and moved out of
// settings), a redacting logger, the EndpointService and the provider commands.
import type * as vscode from 'vscode';
import { endpointSecrets } from '../errors';
import type { Logger } from '../../shared/log';
import { registerProviderCommands, type ProviderCommandDeps } from './commands';
import { EndpointService } from './endpoints';
import { watchProfileRefs } from './profileRefWarning';
import { redactingLogger } from './redactingLog';
import { ApiKeyStore, watchForKeysInSettings } from './secrets';
import type { SettingsStore } from '../../config/settingsStore';

export { EndpointService } from './endpoints';
export { ApiKeyStore } from './secrets';
export { registerProviderCommands, showProviderError } from './commands';
export { redactingLogger } from './redactingLog';

export interface ProviderLayer extends vscode.Disposable {
  readonly endpoints: EndpointService;
  readonly keys: ApiKeyStore;
  /** Logs to the channel with every known key and key-shaped string redacted. */
  readonly logger: Logger;
  /** Lets the provider pickers show each profile's recent speed (the speed history comes later). */
  showSpeedWith(speedOf: (profileId: string) => string | undefined): void;
}

export function registerProviderLayer(
  context: vscode.ExtensionContext,
  deps: { settings: SettingsStore; log: vscode.LogOutputChannel },
): ProviderLayer {
  const keys = new ApiKeyStore(context.secrets);
  // Header values and URL credentials still in settings are redacted like stored keys.
  const inSettings = () => deps.settings.current.profiles.flatMap((p) => endpointSecrets({ headers: p.headers ?? {}, baseUrl: p.baseUrl ?? '' }));
  const logger = redactingLogger(deps.log, () => [...keys.knownValues(), ...inSettings()]);
  const endpoints = new EndpointService({ settings: deps.settings, keys, globalState: context.globalState, logger });
  const commandDeps: ProviderCommandDeps = { settings: deps.settings, keys, endpoints, logger };
  const disposables: vscode.Disposable[] = [
    watchForKeysInSettings(keys, logger),
    watchProfileRefs(deps.settings),
    registerProviderCommands(commandDeps),
    endpoints,
    keys,
  ];
  return {
    endpoints,
    keys,
    logger,
    showSpeedWith: (speedOf) => {
      commandDeps.speedOf = speedOf;
    },
    dispose: () => disposables.forEach((d) => d.dispose()),
  };
}
