// Edits of the raw `fastInference.profiles` value written by the commands. They work on the
// raw value (not the parsed snapshot) so fields this version does not know survive.
import type { PresetId } from './settings';

type RawProfile = Record<string, unknown>;
const isProfile = (v: unknown): v is RawProfile => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as RawProfile).id === 'string';

/** A profile id not used yet: the preset id, then preset-2, preset-3… */
export function uniqueProfileId(base: string, raw: unknown[]): string {
  const taken = new Set(raw.filter(isProfile).map((p) => p.id as string));
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '-') || 'profile';
  if (!taken.has(clean)) return clean;
  for (let n = 2; ; n++) if (!taken.has(`${clean}-${n}`)) return `${clean}-${n}`;
}

export function validProfileId(id: string, raw: unknown[]): string | undefined {
  if (!/^[A-Za-z0-9._-]+$/.test(id)) return 'Use letters, digits, ".", "_" or "-".';
  if (raw.some((p) => isProfile(p) && p.id === id)) return `A profile "${id}" already exists.`;
  return undefined;
}

export function appendProfile(raw: unknown[], entry: { id: string; preset: PresetId; baseUrl?: string }): unknown[] {
  return [...raw, { ...entry }];
}

/** Sets one field of one profile; undefined when the profile is not in the list. */
export function setProfileField(raw: unknown[], profileId: string, field: string, value: unknown): unknown[] | undefined {
  if (!raw.some((p) => isProfile(p) && p.id === profileId)) return undefined;
  return raw.map((p) => {
    if (!isProfile(p) || p.id !== profileId) return p;
    // Undefined removes the field (the setting's default applies again).
    if (value === undefined) {
      const { [field]: _removed, ...rest } = p;
      return rest;
    }
    return { ...p, [field]: value };
  });
}
