// Finds credentials that someone put into `fastInference.profiles` (an `apiKey` field, or a
// header whose name says it carries one) so the adapter can move them into SecretStorage.
// Pure: works on the raw settings value and returns the cleaned value plus what was found.

/** Profile fields people use for keys; none of them is part of the schema. */
const KEY_FIELDS = ['apiKey', 'api_key', 'apikey', 'key', 'token', 'apiToken', 'secret'];

/**
 * Header names that carry credentials: Authorization and Cookie, anything ending in `key`
 * after a separator (`api-key`, `x-api-key`, `Ocp-Apim-Subscription-Key`, `apikey`), and any
 * name with `token`, `secret` or `password` in it.
 */
const CREDENTIAL_HEADER = /^(proxy-)?authorization$|^(set-)?cookie$|(^|[-_])(api[-_]?)?key$|token|secret|passw(or)?d/i;

export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name.trim());
}

export interface FoundKey {
  profileId: string;
  /** The credential itself. */
  key: string;
  /** Where it was, for the notice ("apiKey", "headers.x-api-key"); never the value. */
  field: string;
  /**
   * The header it is sent in, when it is not the profile's Bearer key: the value goes to the
   * profile's secret headers unchanged (e.g. "Basic …" for Authorization).
   */
  header?: string;
}

export interface KeyExtraction {
  found: FoundKey[];
  /** The profiles value with those fields removed (the same array when nothing was found). */
  cleaned: unknown[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A credential header of one profile: a Bearer Authorization becomes the API key, the rest stay headers. */
function headerKey(profileId: string, name: string, value: string): FoundKey {
  const bearer = name.toLowerCase() === 'authorization' ? /^\s*Bearer\s+(\S+)\s*$/i.exec(value) : null;
  if (bearer) return { profileId, key: bearer[1], field: `headers.${name}` };
  return { profileId, key: value.trim(), field: `headers.${name}`, header: name };
}

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
        if (typeof value !== 'string' || value.trim() === '' || !isCredentialHeader(name)) continue;
        delete headers[name];
        changed = true;
        found.push(headerKey(profileId, name, value));
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
