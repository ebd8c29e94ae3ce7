// The typed settings snapshot. Mirrors `contributes.configuration` in package.json;
// read once per change through `parseSettings`, never field by field at use sites.
import type { FimTemplateId, FimTransportId } from '../../providers/types';
import { SECRET_FILE_GLOBS } from './promptPolicy';

export { SECRET_FILE_GLOBS } from './promptPolicy';

export const PRESET_IDS = [
  'cerebras',
  'groq',
  'sambanova',
  'together',
  'fireworks',
  'openrouter',
  'deepseek',
  'mistral',
  'openai',
  'ollama',
  'llamacpp',
  'vllm',
  'lmstudio',
  'custom',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

/** One configured endpoint as written in `fastInference.profiles`. Unset fields come from the preset. */
export interface ProfileSettings {
  id: string;
  preset: PresetId;
  label?: string;
  baseUrl?: string;
  chatModel?: string;
  completionModel?: string;
  fimTransport?: FimTransportId | 'auto';
  fimTemplate?: FimTemplateId | 'auto';
  chatMaxTokens?: number;
  completionMaxTokens?: number;
  temperature?: number;
  headers?: Record<string, string>;
}

export type MultilineMode = 'auto' | 'always' | 'never';
export type DebounceMode = 'adaptive' | 'fixed';

export interface CompletionSettings {
  enabled: boolean;
  disabledLanguages: string[];
  excludeGlobs: string[];
  debounce: DebounceMode;
  fixedDebounceMs: number;
  multiline: MultilineMode;
  maxLines: number;
  speculative: boolean;
  contextFromOtherFiles: boolean;
}

export type NextEditsEnabled = 'auto' | 'on' | 'off';
export type NextEditEagerness = 'low' | 'medium' | 'high';
export type NextEditPromptFormat = 'auto' | 'chat' | 'zeta';

export interface NextEditSettings {
  /** 'auto': on while the profile's recent decode speed is above the threshold. */
  enabled: NextEditsEnabled;
  eagerness: NextEditEagerness;
  promptFormat: NextEditPromptFormat;
}

export interface SpeedSettings {
  /** Speed samples kept across restarts (0 keeps none). */
  historyLimit: number;
}

export interface Settings {
  profiles: ProfileSettings[];
  completionProfile: string;
  chatProfile: string;
  /** Profile for Smart Apply merges and inline edits; empty means the chat profile. */
  applyProfile: string;
  /** Profile for next edit suggestions; empty means the completion profile. */
  nextEditProfile: string;
  completions: CompletionSettings;
  nextEdits: NextEditSettings;
  firstTokenTimeoutSeconds: number;
  allowInRestrictedMode: boolean;
  speed: SpeedSettings;
}

export const DEFAULT_SETTINGS: Settings = {
  profiles: [{ id: 'ollama', preset: 'ollama' }],
  completionProfile: 'ollama',
  chatProfile: 'ollama',
  applyProfile: '',
  nextEditProfile: '',
  completions: {
    enabled: true,
    disabledLanguages: [],
    excludeGlobs: SECRET_FILE_GLOBS,
    debounce: 'adaptive',
    fixedDebounceMs: 150,
    multiline: 'auto',
    maxLines: 12,
    speculative: true,
    contextFromOtherFiles: true,
  },
  nextEdits: { enabled: 'auto', eagerness: 'medium', promptFormat: 'auto' },
  firstTokenTimeoutSeconds: 20,
  allowInRestrictedMode: false,
  speed: { historyLimit: 2000 },
};

/** Reads one setting by its key below `fastInference.` (e.g. "completions.enabled"). */
export type SettingReader = (key: string) => unknown;

const isString = (v: unknown): v is string => typeof v === 'string';
const isRecordOfStrings = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isString);

function pick<T>(value: unknown, fallback: T, valid: (v: unknown) => boolean): T {
  return valid(value) ? (value as T) : fallback;
}

function num(value: unknown, fallback: number, min: number, max = Number.POSITIVE_INFINITY): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function stringArray(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) && value.every(isString) ? [...value] : fallback;
}

const FIM_TRANSPORTS = ['auto', 'completions-suffix', 'llama-infill', 'mistral-fim', 'raw-template', 'chat'] as const;
const FIM_TEMPLATES = ['auto', 'qwen', 'codellama', 'deepseek', 'starcoder', 'codestral', 'codegemma'] as const;

/** Validates one profile entry; returns undefined for entries without a usable id. */
export function parseProfile(raw: unknown): ProfileSettings | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const r = raw as Record<string, unknown>;
  if (!isString(r.id) || r.id.trim() === '') return undefined;
  const profile: ProfileSettings = { id: r.id.trim(), preset: oneOf(r.preset, PRESET_IDS, 'custom') };
  if (isString(r.label)) profile.label = r.label;
  if (isString(r.baseUrl) && r.baseUrl.trim() !== '') profile.baseUrl = r.baseUrl.trim();
  if (isString(r.chatModel) && r.chatModel !== '') profile.chatModel = r.chatModel;
  if (isString(r.completionModel) && r.completionModel !== '') profile.completionModel = r.completionModel;
  if (r.fimTransport !== undefined) profile.fimTransport = oneOf(r.fimTransport, FIM_TRANSPORTS, 'auto');
  if (r.fimTemplate !== undefined) profile.fimTemplate = oneOf(r.fimTemplate, FIM_TEMPLATES, 'auto');
  if (r.chatMaxTokens !== undefined) profile.chatMaxTokens = num(r.chatMaxTokens, 2048, 1);
  if (r.completionMaxTokens !== undefined) profile.completionMaxTokens = num(r.completionMaxTokens, 128, 1);
  if (r.temperature !== undefined) profile.temperature = num(r.temperature, 0.2, 0, 2);
  if (isRecordOfStrings(r.headers)) profile.headers = { ...r.headers };
  return profile;
}

export function parseSettings(read: SettingReader): Settings {
  const d = DEFAULT_SETTINGS;
  const rawProfiles = read('profiles');
  const parsed = Array.isArray(rawProfiles)
    ? rawProfiles.map(parseProfile).filter((p): p is ProfileSettings => p !== undefined)
    : [];
  // Later duplicates of an id are ignored so that a profile id always names one endpoint.
  const profiles = parsed.filter((p, i) => parsed.findIndex((q) => q.id === p.id) === i);
  const list = profiles.length > 0 ? profiles : d.profiles;
  const firstId = list[0].id;
  const rawApply = read('applyProfile');
  const rawNextEdit = read('nextEditProfile');
  const chooseProfile = (v: unknown) => (isString(v) && list.some((p) => p.id === v) ? v : firstId);
  return {
    profiles: list,
    completionProfile: chooseProfile(read('completionProfile')),
    chatProfile: chooseProfile(read('chatProfile')),
    // Empty or unknown: the chat profile serves apply too.
    applyProfile: isString(rawApply) && list.some((p) => p.id === rawApply) ? rawApply : '',
    // Empty or unknown: the completion profile predicts next edits too.
    nextEditProfile: isString(rawNextEdit) && list.some((p) => p.id === rawNextEdit) ? rawNextEdit : '',
    completions: {
      enabled: pick(read('completions.enabled'), d.completions.enabled, (v) => typeof v === 'boolean'),
      disabledLanguages: stringArray(read('completions.disabledLanguages'), d.completions.disabledLanguages),
      excludeGlobs: stringArray(read('completions.excludeGlobs'), d.completions.excludeGlobs),
      debounce: oneOf(read('completions.debounce'), ['adaptive', 'fixed'] as const, d.completions.debounce),
      fixedDebounceMs: num(read('completions.fixedDebounceMs'), d.completions.fixedDebounceMs, 0, 2000),
      multiline: oneOf(read('completions.multiline'), ['auto', 'always', 'never'] as const, d.completions.multiline),
      maxLines: num(read('completions.maxLines'), d.completions.maxLines, 1, 200),
      speculative: pick(read('completions.speculative'), d.completions.speculative, (v) => typeof v === 'boolean'),
      contextFromOtherFiles: pick(
        read('completions.contextFromOtherFiles'),
        d.completions.contextFromOtherFiles,
        (v) => typeof v === 'boolean',
      ),
    },
    nextEdits: {
      enabled: oneOf(read('nextEdits.enabled'), ['auto', 'on', 'off'] as const, d.nextEdits.enabled),
      eagerness: oneOf(read('nextEdits.eagerness'), ['low', 'medium', 'high'] as const, d.nextEdits.eagerness),
      promptFormat: oneOf(read('nextEdits.promptFormat'), ['auto', 'chat', 'zeta'] as const, d.nextEdits.promptFormat),
    },
    firstTokenTimeoutSeconds: num(read('firstTokenTimeoutSeconds'), d.firstTokenTimeoutSeconds, 1, 600),
    allowInRestrictedMode: pick(read('allowInRestrictedMode'), d.allowInRestrictedMode, (v) => typeof v === 'boolean'),
    speed: { historyLimit: num(read('speed.historyLimit'), d.speed.historyLimit, 0, 100000) },
  };
}
