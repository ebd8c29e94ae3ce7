// Finds API keys that someone put into `fastInference.profiles` (an `apiKey` field, or an
// Authorization header) so the adapter can move them into SecretStorage. Pure: works on
// the raw settings value and returns the cleaned value plus what was found.

/** Profile fields people use for keys; none of them is part of the schema. */
const KEY_FIELDS = ['apiKey', 'api_key', 'apikey', 'key', 'token', 'apiToken', 'secret'];

export interface FoundKey {
  profileId: string;
  key: string;
  /** Where it was, for the notice ("apiKey", "headers.Authorization"); never the value. */
  field: string;
}

export interface KeyExtraction {
  found: FoundKey[];
  /** The profiles value with those fields removed (the same array when nothing was found). */
  cleaned: unknown[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function extractKeysFromProfiles(raw: unknown): KeyExtraction {
  if (!Array.isArray(raw)) return { found: [], cleaned: [] };
  const found: FoundKey[] = [];
  const cleaned = raw.map((entry) => {
    if (!isObject(entry) || typeof entry.id !== 'string') return entry;
    const profileId = entry.id;
    let copy: Record<string, unknown> | undefined;
    for (const field of KEY_FIELDS) {
      const value = entry[field];
      if (typeof value !== 'string' || value.trim() === '') continue;
      copy ??= { ...entry };
      delete copy[field];
      found.push({ profileId, key: value.trim(), field });
    }
    if (isObject(entry.headers)) {
      const headers = { ...entry.headers };
      let changed = false;
      for (const [name, value] of Object.entries(headers)) {
        if (name.toLowerCase() !== 'authorization' || typeof value !== 'string') continue;
        const bearer = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
        if (!bearer) continue;
        delete headers[name];
        changed = true;
        found.push({ profileId, key: bearer[1], field: `headers.${name}` });
      }
      if (changed) {
        copy ??= { ...entry };
        if (Object.keys(headers).length > 0) copy.headers = headers;
        else delete copy.headers;
      }
    }
    return copy ?? entry;
  });
  return { found, cleaned: found.length > 0 ? cleaned : raw };
}
