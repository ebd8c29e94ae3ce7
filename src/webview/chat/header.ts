// The top of the panel: which conversation is shown (its title, the history list, new,
// rename, delete) and where requests go (provider profile and model).
import type { ProviderState, WebviewMessage } from '../../shared/protocol';
import { h, iconButton } from './dom';
import type { RequestClient } from './rpc';

export class Header {
  readonly root: HTMLElement;
  /** Opens and closes the history list; takes the focus back when the list closes. */
  readonly historyButton: HTMLButtonElement;
  private readonly title: HTMLElement;
  private readonly profile: HTMLSelectElement;
  readonly model: HTMLSelectElement;
  private currentId = '';
  private providers: ProviderState | undefined;
  private models = new Map<string, string[]>();

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly rpc: RequestClient,
    toggleHistory: () => void,
  ) {
    this.historyButton = iconButton('history', 'Chat History', toggleHistory, 'history-toggle');
    this.historyButton.setAttribute('aria-expanded', 'false');
    this.title = h('h1', { class: 'conversation-title' });
    this.profile = h('select', { class: 'profile-select', attrs: { 'aria-label': 'Provider' } });
    this.profile.addEventListener('change', () => this.post({ type: 'selectProfile', profileId: this.profile.value }));
    this.model = h('select', { class: 'model-select', attrs: { 'aria-label': 'Model' } });
    this.model.addEventListener('change', () => this.post({ type: 'selectModel', model: this.model.value }));
    this.model.addEventListener('focus', () => void this.loadModels());
    this.root = h(
      'header',
      { class: 'chat-header' },
      h(
        'div',
        { class: 'header-row' },
        this.historyButton,
        this.title,
        iconButton('add', 'New Chat', () => this.post({ type: 'newConversation' })),
        iconButton('edit', 'Rename Chat', () => this.post({ type: 'renameConversation', id: this.currentId })),
        iconButton('trash', 'Delete Chat', () => this.post({ type: 'deleteConversation', id: this.currentId })),
      ),
      h('div', { class: 'header-row' }, this.profile, this.model),
    );
  }

  setConversation(id: string, title: string): void {
    this.currentId = id;
    this.title.textContent = title;
    this.title.title = title;
  }

  setHistoryOpen(open: boolean): void {
    this.historyButton.setAttribute('aria-expanded', String(open));
    this.historyButton.classList.toggle('active', open);
  }

  setProviders(state: ProviderState): void {
    const profileChanged = this.providers?.profileId !== state.profileId;
    this.providers = state;
    this.profile.replaceChildren(
      ...state.profiles.map((p) => {
        const option = h('option', { text: p.label });
        option.value = p.id;
        return option;
      }),
    );
    this.profile.value = state.profileId;
    this.renderModels();
    if (profileChanged) void this.loadModels();
  }

  /** Asks the host for the provider's models (GET /v1/models), once per profile. */
  async loadModels(force = false): Promise<void> {
    const state = this.providers;
    if (!state || (!force && this.models.has(state.profileId))) return;
    try {
      const { models } = await this.rpc.request('listModels', { profileId: state.profileId });
      this.models.set(state.profileId, models);
      this.renderModels();
    } catch {
      // The current model stays selectable; the error shows when a request fails.
    }
  }

  /** Offers `models` (from an error) or opens the model list. */
  pickModel(models: string[] | undefined): void {
    if (models && this.providers) this.models.set(this.providers.profileId, models);
    this.renderModels();
    this.model.focus();
    if (typeof this.model.showPicker === 'function') {
      try {
        this.model.showPicker();
      } catch {
        // showPicker needs a user gesture in some hosts; focus is enough then.
      }
    }
  }

  private renderModels(): void {
    const state = this.providers;
    if (!state) return;
    const listed = this.models.get(state.profileId) ?? [];
    const list = [...listed];
    if (state.model && !list.includes(state.model)) list.unshift(state.model);
    const options = list.map((m) => {
      const option = h('option', { text: m });
      option.value = m;
      return option;
    });
    if (state.serverDefault) {
      // The server picks: name what it uses (what it answered with, else the first it lists).
      const option = h('option', { text: serverDefaultLabel(state.serverDefault.model ?? listed[0]) });
      option.value = '';
      options.unshift(option);
    }
    this.model.replaceChildren(...options);
    this.model.value = state.model;
    this.model.title = this.model.selectedOptions[0]?.text ?? '';
  }
}

/** "server default (qwen2.5-coder-7b)", or "server default" before the server has said. */
export function serverDefaultLabel(model: string | undefined): string {
  return model ? `server default (${model})` : 'server default';
}
