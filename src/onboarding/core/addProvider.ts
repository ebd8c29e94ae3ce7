// What Add Provider does with the default profile. A first start lists one profile, the
// default Ollama one, whether or not Ollama runs here; a user who adds a provider then wants
// that provider, not a list of two where completions still go to a server that is not there.
// So an untouched default that never answered is replaced, and the new profile serves
// completions and chat. A default that has answered (Ollama does run here) is the user's to
// keep: they are asked once.
import { DEFAULT_SETTINGS } from '../../config/core/settings';

/** The profile every first start has. */
export const DEFAULT_PROFILE = DEFAULT_SETTINGS.profiles[0];

export type DefaultProfileFate =
  /** Remove the default and give the new profile both roles. */
  | 'replace'
  /** Ask whether to replace it or keep both. */
  | 'ask'
  /** The user set up profiles of their own: add beside them. */
  | 'keep';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The user's own `fastInference.profiles` value (undefined when never written) is just the default. */
export function isUntouchedDefault(userProfiles: unknown): boolean {
  if (userProfiles === undefined) return true;
  if (!Array.isArray(userProfiles) || userProfiles.length !== 1) return false;
  const only = userProfiles[0];
  if (!isRecord(only)) return false;
  const keys = Object.keys(only).sort();
  return keys.length === 2 && keys[0] === 'id' && keys[1] === 'preset' && only.id === DEFAULT_PROFILE.id && only.preset === DEFAULT_PROFILE.preset;
}

export function defaultProfileFate(facts: { userProfiles: unknown; defaultAnswered: boolean }): DefaultProfileFate {
  if (!isUntouchedDefault(facts.userProfiles)) return 'keep';
  return facts.defaultAnswered ? 'ask' : 'replace';
}

/** The list the new profile joins: without the default when it is being replaced. */
export function profilesBeside(raw: unknown[], replaceDefault: boolean): unknown[] {
  return replaceDefault ? raw.filter((p) => !(isRecord(p) && p.id === DEFAULT_PROFILE.id)) : raw;
}
