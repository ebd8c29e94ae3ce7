// The chat history list: every saved conversation by title and date, grouped by day, with
// a search box; open, rename and delete each. Keyboard: arrows, Home and End move between
// entries, Enter opens, F2 renames, Delete deletes, Escape closes. Shown in place of the
// conversation while open.
import type { ConversationSummary, WebviewMessage } from '../../shared/protocol';
import { h, icon, iconButton } from './dom';
import { focusAfterDelete, historyDate, historyGroups, movedFocus } from './historyModel';

export interface HistoryPanelDeps {
  post(message: WebviewMessage): void;
  /** The list closed; `opened` when a conversation was chosen (the composer takes the focus). */
  closed(opened: boolean): void;
}

function startOfToday(now: number): number {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

export class HistoryPanel {
  readonly root: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly body: HTMLElement;
  private list: ConversationSummary[] = [];
  private currentId = '';
  /** Index of the entry deleted last, so the focus stays in the list when it comes back shorter. */
  private focusAfterDelete: number | undefined;

  constructor(private readonly deps: HistoryPanelDeps) {
    this.search = h('input', {
      class: 'history-search',
      attrs: { type: 'search', placeholder: 'Search chats', 'aria-label': 'Search chats', spellcheck: 'false' },
    });
    this.search.addEventListener('input', () => this.render());
    this.search.addEventListener('keydown', (e) => this.onSearchKey(e));
    this.body = h('div', { class: 'history-body' });
    this.body.addEventListener('keydown', (e) => this.onEntryKey(e));
    this.root = h(
      'section',
      { class: 'history', attrs: { 'aria-label': 'Chat history' } },
      h('div', { class: 'history-top' }, h('h2', { class: 'history-heading', text: 'Chat History' }), iconButton('close', 'Close Chat History', () => this.close(false))),
      this.search,
      this.body,
    );
    this.root.hidden = true;
  }

  get isOpen(): boolean {
    return !this.root.hidden;
  }

  open(): void {
    this.root.hidden = false;
    this.render();
    // The current conversation's entry takes the focus, else the search box.
    (this.entries().find((b) => b.dataset.id === this.currentId) ?? this.search).focus();
  }

  close(opened: boolean): void {
    if (!this.isOpen) return;
    this.root.hidden = true;
    this.search.value = '';
    this.deps.closed(opened);
  }

  toggle(): void {
    if (this.isOpen) this.close(false);
    else this.open();
  }

  set(list: ConversationSummary[], currentId: string): void {
    this.list = list;
    this.currentId = currentId;
    if (this.isOpen) this.render();
  }

  private entries(): HTMLButtonElement[] {
    return [...this.body.querySelectorAll<HTMLButtonElement>('button.history-open')];
  }

  private render(): void {
    const hadFocus = this.body.contains(document.activeElement) ? (document.activeElement as HTMLElement).closest<HTMLElement>('.history-item')?.dataset.id : undefined;
    const now = Date.now();
    const groups = historyGroups(this.list, startOfToday(now), this.search.value);
    if (groups.length === 0) {
      const text = this.search.value.trim() ? 'No chat matches the search.' : 'No saved chats yet. A chat is listed here once it has a message.';
      this.body.replaceChildren(h('p', { class: 'history-empty', text }));
    } else {
      this.body.replaceChildren(
        ...groups.map((group) =>
          h(
            'div',
            { class: 'history-group', attrs: { role: 'group', 'aria-label': group.label } },
            h('h3', { class: 'history-group-label', text: group.label }),
            h('ul', { class: 'history-list' }, ...group.items.map((c) => this.entry(c, historyDate(c.updatedAt, group.label)))),
          ),
        ),
      );
    }
    const entries = this.entries();
    const pending = this.focusAfterDelete;
    this.focusAfterDelete = undefined;
    if (pending !== undefined) {
      const index = focusAfterDelete(pending, entries.length);
      (index === undefined ? this.search : entries[index]).focus();
    } else if (hadFocus) {
      entries.find((b) => b.dataset.id === hadFocus)?.focus();
    }
  }

  private entry(conversation: ConversationSummary, date: string): HTMLElement {
    const current = conversation.id === this.currentId;
    const open = h(
      'button',
      {
        class: 'history-open',
        title: conversation.title,
        attrs: { type: 'button', 'data-id': conversation.id, ...(current ? { 'aria-current': 'true' } : {}) },
        on: { click: () => this.openConversation(conversation.id) },
      },
      h('span', { class: 'history-title', text: conversation.title }),
      h('span', { class: 'history-date', text: date }),
    );
    open.setAttribute('aria-label', `${conversation.title}, ${date}${current ? ', current chat' : ''}`);
    return h(
      'li',
      { class: `history-item${current ? ' current' : ''}`, attrs: { 'data-id': conversation.id } },
      current ? icon('comment-discussion', 'history-icon') : icon('comment', 'history-icon'),
      open,
      iconButton('edit', `Rename “${conversation.title}”`, () => this.deps.post({ type: 'renameConversation', id: conversation.id }), 'history-action'),
      iconButton('trash', `Delete “${conversation.title}”`, () => this.deleteConversation(conversation.id), 'history-action'),
    );
  }

  private openConversation(id: string): void {
    if (id !== this.currentId) this.deps.post({ type: 'switchConversation', id });
    this.close(true);
  }

  private deleteConversation(id: string): void {
    this.focusAfterDelete = this.entries().findIndex((b) => b.dataset.id === id);
    this.deps.post({ type: 'deleteConversation', id });
  }

  private onEntryKey(e: KeyboardEvent): void {
    const item = (e.target as HTMLElement).closest<HTMLElement>('.history-item');
    const id = item?.dataset.id;
    if (e.key === 'Escape') {
      e.preventDefault();
      this.close(false);
      return;
    }
    if (!id) return;
    const entries = this.entries();
    const index = entries.findIndex((b) => b.dataset.id === id);
    const moved = movedFocus(e.key, index, entries.length);
    if (moved !== undefined) {
      e.preventDefault();
      entries[moved].focus();
    } else if (e.key === 'Delete') {
      e.preventDefault();
      this.deleteConversation(id);
    } else if (e.key === 'F2') {
      e.preventDefault();
      this.deps.post({ type: 'renameConversation', id });
    }
  }

  private onSearchKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (this.search.value !== '') {
        this.search.value = '';
        this.render();
      } else this.close(false);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      this.entries()[0]?.focus();
    } else if (e.key === 'Enter') {
      const first = this.entries()[0];
      if (first?.dataset.id) this.openConversation(first.dataset.id);
    }
  }
}
