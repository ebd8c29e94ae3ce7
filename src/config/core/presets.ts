// What the extension knows about each provider. A profile starts from one of these and
// overrides what it sets. Model lists are suggestions (providers rename models often);
// "Fast Inference: Pick Model…" lists what the server really offers.
import type { FimTemplateId, FimTransportId, RateLimitHeaderStyle, ServerTimingFormat } from '../../providers/types';
import type { PresetId } from './settings';

export interface Preset {
  id: PresetId;
  /** Short display name for the status bar and pickers. */
  name: string;
  description: string;
  /** Empty for Custom: the profile must set it. */
  baseUrl: string;
  /** Where FIM routes live when not under baseUrl. */
  fimBaseUrl?: string;
  /** Suggested models, best first; empty means "what the server has loaded". */
  chatModels: string[];
  completionModels: string[];
  /** Auto mode tries these in order and remembers the first that works. */
  fimTransports: FimTransportId[];
  fimTemplate: FimTemplateId | 'auto';
  serverTiming: ServerTimingFormat;
  rateLimitHeaders: RateLimitHeaderStyle;
  requiresKey: boolean;
  /** Where to create a key, shown by Set API Key. */
  keyUrl?: string;
  /** Kept small: Cerebras reserves max_tokens against the quota before generating. */
  completionMaxTokens: number;
  chatMaxTokens: number;
  local: boolean;
}

const cloud = { requiresKey: true, local: false, completionMaxTokens: 128, chatMaxTokens: 4096 } as const;
const local = { requiresKey: false, local: true, completionMaxTokens: 128, chatMaxTokens: 4096, rateLimitHeaders: 'none' } as const;

export const PRESETS: Record<PresetId, Preset> = {
  cerebras: {
    ...cloud,
    id: 'cerebras',
    name: 'Cerebras',
    description: 'Cerebras Inference (api.cerebras.ai)',
    baseUrl: 'https://api.cerebras.ai/v1',
    chatModels: ['gpt-oss-120b', 'llama-3.3-70b', 'qwen-3-32b', 'llama3.1-8b'],
    completionModels: ['qwen-3-coder-480b', 'llama3.1-8b'],
    // /v1/completions exists but `suffix` is not supported: template tokens, else chat.
    fimTransports: ['raw-template', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'cerebras',
    rateLimitHeaders: 'cerebras',
    keyUrl: 'https://cloud.cerebras.ai',
    completionMaxTokens: 64,
  },
  groq: {
    ...cloud,
    id: 'groq',
    name: 'Groq',
    description: 'Groq (api.groq.com)',
    baseUrl: 'https://api.groq.com/openai/v1',
    chatModels: ['llama-3.3-70b-versatile', 'openai/gpt-oss-120b', 'moonshotai/kimi-k2-instruct-0905', 'llama-3.1-8b-instant'],
    completionModels: ['llama-3.1-8b-instant', 'llama-3.3-70b-versatile'],
    // Groq has no completions route: chat only.
    fimTransports: ['chat'],
    fimTemplate: 'auto',
    serverTiming: 'groq',
    rateLimitHeaders: 'openai',
    keyUrl: 'https://console.groq.com/keys',
  },
  sambanova: {
    ...cloud,
    id: 'sambanova',
    name: 'SambaNova',
    description: 'SambaNova Cloud (api.sambanova.ai)',
    baseUrl: 'https://api.sambanova.ai/v1',
    chatModels: ['Meta-Llama-3.3-70B-Instruct', 'DeepSeek-V3-0324', 'Meta-Llama-3.1-8B-Instruct'],
    completionModels: ['Meta-Llama-3.1-8B-Instruct'],
    fimTransports: ['chat'],
    fimTemplate: 'auto',
    serverTiming: 'sambanova',
    rateLimitHeaders: 'openai',
    keyUrl: 'https://cloud.sambanova.ai/apis',
  },
  together: {
    ...cloud,
    id: 'together',
    name: 'Together',
    description: 'Together AI (api.together.xyz)',
    baseUrl: 'https://api.together.xyz/v1',
    chatModels: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'Qwen/Qwen2.5-Coder-32B-Instruct'],
    completionModels: ['Qwen/Qwen2.5-Coder-32B-Instruct'],
    fimTransports: ['raw-template', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'none',
    rateLimitHeaders: 'together',
    keyUrl: 'https://api.together.ai/settings/api-keys',
  },
  fireworks: {
    ...cloud,
    id: 'fireworks',
    name: 'Fireworks',
    description: 'Fireworks AI (api.fireworks.ai)',
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    chatModels: ['accounts/fireworks/models/llama-v3p3-70b-instruct', 'accounts/fireworks/models/qwen3-coder-480b-a35b-instruct'],
    completionModels: ['accounts/fireworks/models/qwen2p5-coder-32b-instruct'],
    fimTransports: ['raw-template', 'completions-suffix', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'fireworks',
    rateLimitHeaders: 'openai',
    keyUrl: 'https://fireworks.ai/account/api-keys',
  },
  openrouter: {
    ...cloud,
    id: 'openrouter',
    name: 'OpenRouter',
    description: 'OpenRouter (openrouter.ai)',
    baseUrl: 'https://openrouter.ai/api/v1',
    chatModels: ['openai/gpt-4o-mini', 'qwen/qwen-2.5-coder-32b-instruct', 'meta-llama/llama-3.3-70b-instruct'],
    completionModels: ['qwen/qwen-2.5-coder-32b-instruct'],
    fimTransports: ['raw-template', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'none',
    rateLimitHeaders: 'openrouter',
    keyUrl: 'https://openrouter.ai/keys',
  },
  deepseek: {
    ...cloud,
    id: 'deepseek',
    name: 'DeepSeek',
    description: 'DeepSeek (api.deepseek.com; FIM through /beta)',
    baseUrl: 'https://api.deepseek.com/v1',
    fimBaseUrl: 'https://api.deepseek.com/beta',
    chatModels: ['deepseek-chat', 'deepseek-reasoner'],
    completionModels: ['deepseek-chat'],
    fimTransports: ['completions-suffix', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'none',
    rateLimitHeaders: 'retry-after',
    keyUrl: 'https://platform.deepseek.com/api_keys',
  },
  mistral: {
    ...cloud,
    id: 'mistral',
    name: 'Mistral',
    description: 'Mistral (api.mistral.ai; Codestral FIM)',
    baseUrl: 'https://api.mistral.ai/v1',
    chatModels: ['codestral-latest', 'mistral-small-latest', 'mistral-large-latest'],
    completionModels: ['codestral-latest'],
    fimTransports: ['mistral-fim', 'chat'],
    fimTemplate: 'codestral',
    serverTiming: 'none',
    rateLimitHeaders: 'retry-after',
    keyUrl: 'https://console.mistral.ai/api-keys',
  },
  openai: {
    ...cloud,
    id: 'openai',
    name: 'OpenAI',
    description: 'OpenAI (api.openai.com)',
    baseUrl: 'https://api.openai.com/v1',
    chatModels: ['gpt-4.1-mini', 'gpt-4o-mini', 'gpt-4.1'],
    completionModels: ['gpt-4.1-nano', 'gpt-4o-mini'],
    fimTransports: ['chat'],
    fimTemplate: 'auto',
    serverTiming: 'none',
    rateLimitHeaders: 'openai',
    keyUrl: 'https://platform.openai.com/api-keys',
  },
  ollama: {
    ...local,
    id: 'ollama',
    name: 'Ollama',
    description: 'Ollama on this machine (localhost:11434)',
    baseUrl: 'http://localhost:11434/v1',
    chatModels: ['qwen2.5-coder:7b', 'llama3.2'],
    completionModels: ['qwen2.5-coder:1.5b-base', 'qwen2.5-coder:7b-base'],
    // Ollama applies the model's own insert template to `suffix` (400 when it has none).
    fimTransports: ['completions-suffix', 'raw-template', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'ollama',
  },
  llamacpp: {
    ...local,
    id: 'llamacpp',
    name: 'llama.cpp',
    description: 'llama.cpp server on this machine (localhost:8080)',
    baseUrl: 'http://localhost:8080/v1',
    chatModels: [],
    completionModels: [],
    // llama-server rejects `suffix` on /v1/completions; /infill is its FIM route.
    fimTransports: ['llama-infill', 'raw-template', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'llama-cpp',
  },
  vllm: {
    ...local,
    id: 'vllm',
    name: 'vLLM',
    description: 'vLLM on this machine (localhost:8000)',
    baseUrl: 'http://localhost:8000/v1',
    chatModels: [],
    completionModels: [],
    // vLLM answers `suffix` with 400 "suffix is not currently supported".
    fimTransports: ['raw-template', 'completions-suffix', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'none',
  },
  lmstudio: {
    ...local,
    id: 'lmstudio',
    name: 'LM Studio',
    description: 'LM Studio on this machine (localhost:1234)',
    baseUrl: 'http://localhost:1234/v1',
    chatModels: [],
    completionModels: [],
    fimTransports: ['raw-template', 'completions-suffix', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'none',
  },
  custom: {
    id: 'custom',
    name: 'Custom',
    description: 'Any other OpenAI-compatible server: set baseUrl',
    baseUrl: '',
    chatModels: [],
    completionModels: [],
    fimTransports: ['completions-suffix', 'llama-infill', 'raw-template', 'chat'],
    fimTemplate: 'auto',
    serverTiming: 'none',
    rateLimitHeaders: 'openai',
    requiresKey: false,
    completionMaxTokens: 128,
    chatMaxTokens: 4096,
    local: false,
  },
};
