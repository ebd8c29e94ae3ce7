// Turns a profile from settings (plus its key from SecretStorage) into the EndpointConfig
// the provider layer uses: preset defaults for every field the profile leaves out.
import { guessFimTemplate } from '../../providers/fim/templates';
import type { EndpointConfig } from '../../providers/types';
import { PRESETS } from './presets';
import type { ProfileSettings, Settings } from './settings';

export const DEFAULT_TEMPERATURE = 0.2;

/** Trims whitespace and trailing slashes so URLs compare and join predictably. */
export function normaliseBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Header maps merged by name regardless of case: a later map's value replaces an earlier one's. */
export function mergeHeaders(...maps: Record<string, string>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const map of maps) {
    for (const [name, value] of Object.entries(map)) {
      for (const existing of Object.keys(out)) if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
      out[name] = value;
    }
  }
  return out;
}

/**
 * The name a profile goes by everywhere (status bar, pickers, errors, dashboard): its label,
 * else its id, except that a profile whose id is just its preset's id takes the preset's
 * name ("ollama" shows as "Ollama"). Two profiles of one preset never share a name.
 */
export function profileName(profile: ProfileSettings): string {
  if (profile.label !== undefined && profile.label.trim() !== '') return profile.label;
  const preset = PRESETS[profile.preset] ?? PRESETS.custom;
  return profile.id === preset.id ? preset.name : profile.id;
}

/** `secretHeaders`: the profile's credential headers from SecretStorage. */
export function resolveEndpoint(profile: ProfileSettings, settings: Settings, apiKey?: string, secretHeaders: Record<string, string> = {}): EndpointConfig {
  const preset = PRESETS[profile.preset] ?? PRESETS.custom;
  const ownBaseUrl = profile.baseUrl !== undefined && normaliseBaseUrl(profile.baseUrl) !== normaliseBaseUrl(preset.baseUrl);
  const chatModel = profile.chatModel ?? preset.chatModels[0] ?? '';
  const completionModel = profile.completionModel ?? preset.completionModels[0] ?? chatModel;
  const configuredTemplate = profile.fimTemplate ?? preset.fimTemplate;
  const endpoint: EndpointConfig = {
    profileId: profile.id,
    providerName: profileName(profile),
    presetId: preset.id,
    baseUrl: normaliseBaseUrl(profile.baseUrl ?? preset.baseUrl),
    headers: mergeHeaders(profile.headers ?? {}, secretHeaders),
    chatModel,
    completionModel,
    fimTransport: profile.fimTransport ?? 'auto',
    fimTemplate: configuredTemplate === 'auto' ? (guessFimTemplate(completionModel) ?? 'auto') : configuredTemplate,
    serverTiming: preset.serverTiming,
    fimOrder: [...preset.fimTransports],
    rateLimitStyle: preset.rateLimitHeaders,
    requiresKey: preset.requiresKey,
    firstTokenTimeoutMs: settings.firstTokenTimeoutSeconds * 1000,
    chatMaxTokens: profile.chatMaxTokens ?? preset.chatMaxTokens,
    completionMaxTokens: profile.completionMaxTokens ?? preset.completionMaxTokens,
    temperature: profile.temperature ?? DEFAULT_TEMPERATURE,
  };
  // A profile that points elsewhere (a proxy, a self-hosted copy) keeps its own URL for FIM too.
  if (preset.fimBaseUrl && !ownBaseUrl) endpoint.fimBaseUrl = preset.fimBaseUrl;
  if (apiKey) endpoint.apiKey = apiKey;
  return endpoint;
}

/** Finds a profile by id in the settings snapshot. */
export function findProfile(settings: Settings, id: string): ProfileSettings | undefined {
  return settings.profiles.find((p) => p.id === id);
}
