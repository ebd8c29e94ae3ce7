// The provider layer's public surface. Pure: no `vscode` import anywhere below this folder.
export { createInferenceClient, type InferenceClient, type InferenceClientDeps } from './client';
export { ProviderError, defaultAction, toProviderError } from './errors';
export { RateLimitGate, cooldownFromResponse, parseDuration, parseRetryAfter, DEFAULT_COOLDOWN_MS } from './rateLimits';
export { MemoryCapabilityStore, fimCapabilityKey, type FimCapabilityStore } from './capabilities';
export { guessFimTemplate, FIM_TEMPLATES } from './fim/templates';
export { createOpenAIClient } from './openaiClient';
export * from './types';
export { readModelDetails, type ModelDetails } from './modelDetails';
