// The endpoint every bench client uses for the fake server: a custom profile with
// the oracle's model and FIM over /v1/completions with `suffix`, default settings.
import { resolveEndpoint } from '../../src/config/core/profiles';
import { DEFAULT_SETTINGS } from '../../src/config/core/settings';
import type { EndpointConfig } from '../../src/providers/types';

export function fakeServerEndpoint(baseUrl: string): EndpointConfig {
  return resolveEndpoint(
    { id: 'bench', preset: 'custom', baseUrl, completionModel: 'fake-coder', chatModel: 'fake-coder', fimTransport: 'completions-suffix' },
    DEFAULT_SETTINGS,
    undefined,
  );
}
