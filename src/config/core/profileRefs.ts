// `completionProfile` and `chatProfile` name a profile by id. A typo would silently fall
// back to the first profile; this finds such names so the user is told and offered a picker.

export type ProfileRole = 'completionProfile' | 'chatProfile';

export interface DanglingProfileRef {
  setting: ProfileRole;
  /** What the setting says. */
  value: string;
  /** The profile used instead. */
  usedInstead: string;
}

export function danglingProfileRefs(profileIds: readonly string[], values: Record<ProfileRole, unknown>, usedInstead: Record<ProfileRole, string>): DanglingProfileRef[] {
  const refs: DanglingProfileRef[] = [];
  for (const setting of ['completionProfile', 'chatProfile'] as const) {
    const value = values[setting];
    if (typeof value === 'string' && !profileIds.includes(value)) refs.push({ setting, value, usedInstead: usedInstead[setting] });
  }
  return refs;
}

export function danglingMessage(ref: DanglingProfileRef): string {
  const role = ref.setting === 'completionProfile' ? 'completions' : 'chat';
  return `fastInference.${ref.setting} is "${ref.value}", but no profile has that id; ${role} use "${ref.usedInstead}" instead.`;
}
