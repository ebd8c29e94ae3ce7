// What the chat history list shows, decided without the DOM: which conversations (those
// with messages, matching the search), under which heading ("Today", "Yesterday", "Previous
// 7 days", "Older"), with which date text, and where the arrow keys move the focus.
import type { ConversationSummary } from '../../shared/protocol';

export type HistoryGroupLabel = 'Today' | 'Yesterday' | 'Previous 7 days' | 'Older';

export interface HistoryGroup {
  label: HistoryGroupLabel;
  items: ConversationSummary[];
}

const DAY_MS = 86_400_000;

/** `startOfToday`: epoch ms of the local midnight that began today. */
export function groupOf(at: number, startOfToday: number): HistoryGroupLabel {
  if (at >= startOfToday) return 'Today';
  if (at >= startOfToday - DAY_MS) return 'Yesterday';
  if (at >= startOfToday - 7 * DAY_MS) return 'Previous 7 days';
  return 'Older';
}

/**
 * The conversations to list, most recent first, grouped by day. Conversations without a
 * message (an unused "New chat") are not listed; `query` keeps those whose title contains it.
 */
export function historyGroups(list: readonly ConversationSummary[], startOfToday: number, query = ''): HistoryGroup[] {
  const needle = query.trim().toLocaleLowerCase();
  const groups: HistoryGroup[] = [];
  const shown = list
    .filter((c) => c.messageCount > 0 && (needle === '' || c.title.toLocaleLowerCase().includes(needle)))
    .sort((a, b) => b.updatedAt - a.updatedAt);
  for (const conversation of shown) {
    const label = groupOf(conversation.updatedAt, startOfToday);
    const last = groups[groups.length - 1];
    if (last?.label === label) last.items.push(conversation);
    else groups.push({ label, items: [conversation] });
  }
  return groups;
}

export interface DateFormat {
  locale?: string;
  /** For tests; the panel uses the machine's own. */
  timeZone?: string;
}

/** The date beside an entry: the time today and yesterday, weekday and time this week, else the date. */
export function historyDate(at: number, group: HistoryGroupLabel, format: DateFormat = {}): string {
  const base = { timeZone: format.timeZone };
  const date = new Date(at);
  const time = new Intl.DateTimeFormat(format.locale, { ...base, hour: '2-digit', minute: '2-digit' }).format(date);
  if (group === 'Today' || group === 'Yesterday') return time;
  if (group === 'Previous 7 days') return `${new Intl.DateTimeFormat(format.locale, { ...base, weekday: 'short' }).format(date)} ${time}`;
  return new Intl.DateTimeFormat(format.locale, { ...base, day: 'numeric', month: 'short', year: 'numeric' }).format(date);
}

/** Where ArrowUp/ArrowDown/Home/End move the focus in a list of `count` entries; undefined for other keys. */
export function movedFocus(key: string, index: number, count: number): number | undefined {
  if (count === 0) return undefined;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** After deleting the entry at `index`, the entry that takes the focus (the next, else the one before). */
export function focusAfterDelete(index: number, countAfter: number): number | undefined {
  if (countAfter === 0) return undefined;
  return Math.min(index, countAfter - 1);
}
