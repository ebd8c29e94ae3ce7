// What fails before any network use: no usable URL, no key where one is needed, or a
// rate-limit cooldown still running for the profile.
import { ProviderError } from './errors';
import type { EndpointConfig } from './types';

export interface CooldownGate {
  remainingMs(profileId: string): number;
}

export function preflightError(endpoint: EndpointConfig, rateLimits: CooldownGate | undefined): ProviderError | undefined {
  if (!/^https?:\/\/[^/]/i.test(endpoint.baseUrl)) {
    return new ProviderError({
      kind: 'bad-request',
      action: 'check-url',
      message: `Profile "${endpoint.profileId}" has no valid base URL${endpoint.baseUrl ? ` ("${endpoint.baseUrl}")` : ''}: set "baseUrl" to the server's OpenAI-compatible URL, e.g. http://localhost:8080/v1.`,
    });
  }
  if (endpoint.requiresKey && !endpoint.apiKey) {
    return new ProviderError({
      kind: 'auth',
      message: `No API key is set for ${endpoint.providerName} (profile "${endpoint.profileId}"). Set one with "Fast Inference: Set API Key…".`,
    });
  }
  const left = rateLimits?.remainingMs(endpoint.profileId) ?? 0;
  if (left <= 0) return undefined;
  return new ProviderError({
    kind: 'rate-limited',
    retryAfterMs: left,
    message: `${endpoint.providerName} is rate limited; trying again in ${Math.ceil(left / 1000)} s.`,
  });
}
