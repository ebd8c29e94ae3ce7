// The chips for the context that goes with the next prompt (the active
// editor's selection or file, and files added by hand) and the Add button,
// which lists open files in a small menu.
import type { ContextChip, OpenFile, WebviewMessage } from '../../shared/chatProtocol';
import { h, icon, iconButton } from './dom';
import type { RequestClient } from './rpc';

export class ContextBar {
  readonly root: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly menu: HTMLElement;
  private restricted = false;

  constructor(
    private readonly post: (message: WebviewMessage) => void,
    private readonly rpc: RequestClient,
  ) {
    this.chips = h('div', { class: 'chips', attrs: { role: 'list', 'aria-label': 'Attached context' } });
    this.menu = h('div', { class: 'file-menu', attrs: { role: 'menu' } });
    this.menu.hidden = true;
    this.menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.closeMenu();
      }
    });
    const add = iconButton('add', 'Attach an Open File…', () => void this.openMenu(), 'add-context');
    this.root = h('div', { class: 'context-bar' }, this.chips, add, this.menu);
  }

  set(chips: ContextChip[], restricted: boolean): void {
    this.restricted = restricted;
    this.root.classList.toggle('restricted', restricted);
    if (restricted) {
      this.chips.replaceChildren(
        h('span', { class: 'restricted-note', title: 'Set fastInference.allowInRestrictedMode to allow it' }, icon('shield'), ' Restricted Mode: no code is attached'),
      );
      return;
    }
    this.chips.replaceChildren(
      ...chips.map((chip) =>
        h(
          'span',
          { class: `chip${chip.auto ? ' auto' : ''}`, title: chip.path, attrs: { role: 'listitem' } },
          icon(chip.kind === 'selection' ? 'selection' : 'file'),
          h('span', { class: 'chip-label', text: ` ${chip.label}` }),
          iconButton('close', `Remove ${chip.label}`, () => this.post({ type: 'removeContext', chipId: chip.id }), 'chip-remove'),
        ),
      ),
    );
  }

  private async openMenu(): Promise<void> {
    if (this.restricted) return;
    let files: OpenFile[];
    try {
      files = (await this.rpc.request('listOpenFiles', {})).files;
    } catch {
      files = [];
    }
    const items =
      files.length === 0
        ? [h('div', { class: 'file-menu-empty', text: 'No other open files' })]
        : files.map((file) =>
            h(
              'button',
              {
                class: 'file-menu-item',
                title: file.description,
                attrs: { type: 'button', role: 'menuitem' },
                on: {
                  click: () => {
                    this.post({ type: 'addContext', uri: file.uri });
                    this.closeMenu();
                  },
                },
              },
              icon('file'),
              ` ${file.label}`,
              h('span', { class: 'file-menu-description', text: ` ${file.description}` }),
            ),
          );
    this.menu.replaceChildren(...items);
    this.menu.hidden = false;
    (this.menu.querySelector('button') as HTMLButtonElement | null)?.focus();
    const close = (e: MouseEvent) => {
      if (!this.root.contains(e.target as Node)) {
        this.closeMenu();
        document.removeEventListener('mousedown', close);
      }
    };
    document.addEventListener('mousedown', close);
  }

  private closeMenu(): void {
    this.menu.hidden = true;
  }
}
