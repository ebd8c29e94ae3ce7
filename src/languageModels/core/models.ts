// The models Fast Inference offers to VS Code's chat: every chat model each profile's server
// lists, named "Model · Profile", with the limits the server reports.
import type { ModelDetails } from '../../providers/modelDetails';
import type { ErrorAction, ProviderErrorKind } from '../../providers/types';

export const VENDOR = 'fastInference';

/** Used when the server does not report the model's context window. */
export const DEFAULT_CONTEXT_TOKENS = 128_000;

/** Models that /v1/models lists but that cannot chat (speech, embeddings, moderation, images). */
const NOT_CHAT = /(^|[-_/.])(embed|embedding|embeddings|whisper|tts|transcribe|rerank|reranker|moderation|guard|dall-e|distil-whisper|playai)([-_/.]|\d|$)/i;

export function isChatModel(id: string): boolean {
  return !NOT_CHAT.test(id);
}

export interface ProfileModels {
  profileId: string;
  /** The profile's display name (its label, or the preset's name). */
  profileName: string;
  providerName: string;
  /** The answer limit the profile sends (its chatMaxTokens). */
  chatMaxTokens: number;
  toolCalling: boolean;
  /** What the server listed; the profile's configured chat model when it could not be asked. */
  models: ModelDetails[];
}

export interface ModelInformation {
  id: string;
  name: string;
  family: string;
  version: string;
  detail: string;
  tooltip: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { toolCalling: boolean };
}

/** The id VS Code keeps for a model: the profile id (encoded, so it has no "/") then the model id. */
export function modelInfoId(profileId: string, model: string): string {
  return `${encodeURIComponent(profileId)}/${model}`;
}

export function parseModelInfoId(id: string): { profileId: string; model: string } | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  return { profileId: decodeURIComponent(id.slice(0, slash)), model: id.slice(slash + 1) };
}

export function describeModels(profiles: readonly ProfileModels[]): ModelInformation[] {
  const out: ModelInformation[] = [];
  for (const p of profiles) {
    const seen = new Set<string>();
    for (const m of p.models) {
      if (!isChatModel(m.id) || seen.has(m.id)) continue;
      seen.add(m.id);
      const maxOutputTokens = Math.min(p.chatMaxTokens, m.maxOutputTokens ?? p.chatMaxTokens);
      const context = m.contextTokens ?? DEFAULT_CONTEXT_TOKENS;
      out.push({
        id: modelInfoId(p.profileId, m.id),
        name: `${m.id} · ${p.profileName}`,
        family: m.id,
        version: m.id,
        detail: p.providerName,
        tooltip: `${m.id} from ${p.profileName} (Fast Inference)${m.contextTokens ? `, ${m.contextTokens} tokens of context` : ''}`,
        // The answer's room comes out of the context window.
        maxInputTokens: Math.max(1, context - maxOutputTokens),
        maxOutputTokens,
        capabilities: { toolCalling: p.toolCalling },
      });
    }
  }
  return out;
}

/** How VS Code should classify a failed request (LanguageModelError codes), from the provider layer's error kind. */
export function languageModelErrorCode(kind: ProviderErrorKind | undefined, action?: ErrorAction): 'NotFound' | 'NoPermissions' | 'Blocked' | undefined {
  if (kind === 'model-not-found') return 'NotFound';
  if (kind === 'auth' || kind === 'forbidden' || action === 'set-key') return 'NoPermissions';
  if (kind === 'rate-limited') return 'Blocked';
  return undefined;
}

/**
 * Presets whose servers take OpenAI `tools` in chat requests. llama.cpp does with its chat
 * template (the default since `--jinja` became default); Custom servers are assumed to speak
 * OpenAI's API in full.
 */
const TOOL_PRESETS: ReadonlySet<string> = new Set([
  'cerebras', 'groq', 'sambanova', 'together', 'fireworks', 'openrouter', 'deepseek', 'mistral', 'openai',
  'ollama', 'llamacpp', 'vllm', 'lmstudio', 'custom',
]);

export function supportsTools(presetId: string): boolean {
  return TOOL_PRESETS.has(presetId);
}
