// What an empty conversation shows: what the chat is for and how to use it.
import { h, icon } from './dom';

export function welcome(): HTMLElement {
  return h(
    'div',
    { class: 'welcome' },
    h('h2', {}, icon('sparkle'), ' Fast Inference Chat'),
    h('p', { text: 'Ask about your code. The selection or file in the editor goes along as context; remove its chip to leave it out.' }),
    h(
      'ul',
      {},
      h('li', { text: 'Enter sends, Shift+Enter breaks the line, Esc stops, Up recalls your last prompt.' }),
      h('li', { text: 'Code blocks can be copied, inserted at the cursor, applied through a diff, or opened as a new file.' }),
      h('li', { text: 'Right-click a selection for Explain, Fix and Write Tests.' }),
    ),
  );
}
