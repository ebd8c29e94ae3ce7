// Markdown → HTML for model output. Raw HTML is off (it is escaped), links
// become inert elements that only VS Code can open after a click, images are
// never fetched (shown as a link or as text), and fenced code gets the
// highlighter plus the Copy / Insert / Apply / New file toolbar. The result is
// sanitised again by DOMPurify in the page (sanitize.ts).
import MarkdownIt from 'markdown-it';
import { escapeHtml, highlightCode } from './highlight';

const WEB_LINK = /^https?:\/\/[^\s]/i;

export function isWebLink(href: string): boolean {
  return WEB_LINK.test(href);
}

/** Fence info strings become a class name and a data attribute: keep them tame. */
export function fenceLanguage(info: string): string {
  const first = info.trim().split(/\s+/, 1)[0] ?? '';
  const clean = first.replace(/^\{?\.?/, '').replace(/\}$/, '').toLowerCase();
  return /^[a-z0-9_+#.-]{1,32}$/.test(clean) ? clean : '';
}

const CODE_ACTIONS: { action: string; icon: string; title: string }[] = [
  { action: 'copy', icon: 'copy', title: 'Copy' },
  { action: 'insert', icon: 'insert', title: 'Insert at Cursor' },
  { action: 'apply', icon: 'diff', title: 'Apply to Selection or File (shows a diff first)' },
  { action: 'newFile', icon: 'new-file', title: 'Open in New File' },
];

function toolbar(language: string): string {
  const buttons = CODE_ACTIONS.map(
    (b) =>
      `<button class="code-action" type="button" data-action="${b.action}" title="${b.title}" aria-label="${b.title}">` +
      `<span class="codicon codicon-${b.icon}"></span></button>`,
  ).join('');
  return `<div class="code-toolbar"><span class="code-lang">${escapeHtml(language || 'text')}</span>${buttons}</div>`;
}

function attr(token: MarkdownIt.Token, name: string): string {
  const value = token.attrGet(name);
  return value === null ? '' : String(value);
}

function linkAttrs(href: string, title: string, extraClass = ''): string {
  const titleText = title ? `${title} — ${href}` : href;
  // No `href`: the page never navigates or prefetches; the click handler asks the host to open it.
  return `class="ext-link${extraClass}" role="link" tabindex="0" data-href="${escapeHtml(href)}" title="${escapeHtml(titleText)}"`;
}

export function createMarkdown(): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  // Only web links and in-page anchors are turned into links at all.
  md.validateLink = (url: string) => isWebLink(url.trim()) || url.startsWith('#');

  const rules = md.renderer.rules;
  rules.fence = (tokens, idx) => {
    const token = tokens[idx];
    const language = fenceLanguage(md.utils.unescapeAll(token.info));
    const code = highlightCode(token.content, language);
    const cls = language ? ` class="hljs language-${language}"` : ' class="hljs"';
    return (
      `<div class="code-block" data-lang="${language}">${toolbar(language)}` +
      `<pre><code${cls}>${code}</code></pre></div>\n`
    );
  };

  // Whether each open link became an <a> or a <span>, so its close tag matches (renders are synchronous).
  const linkStack: boolean[] = [];
  rules.link_open = (tokens, idx) => {
    const token = tokens[idx];
    const href = attr(token, 'href');
    const ok = isWebLink(href);
    linkStack.push(ok);
    return ok ? `<a ${linkAttrs(href, attr(token, 'title'))}>` : '<span class="link-text">';
  };
  rules.link_close = () => (linkStack.pop() ? '</a>' : '</span>');

  rules.image = (tokens, idx, options, env) => {
    const token = tokens[idx];
    const src = attr(token, 'src');
    const alt = md.renderer.renderInlineAsText(token.children ?? [], options, env) || 'image';
    const label = `<span class="codicon codicon-file-media"></span> ${escapeHtml(alt)}`;
    // The image is never loaded: a remote URL in an image can carry data out.
    return isWebLink(src)
      ? `<a ${linkAttrs(src, attr(token, 'title'), ' image-link')}>${label}</a>`
      : `<span class="image-text">${label}</span>`;
  };

  // Tables: markdown-it sets `style="text-align"`; the CSP forbids inline styles, so use a class.
  for (const cell of ['th_open', 'td_open'] as const) {
    rules[cell] = (tokens, idx) => {
      const style = attr(tokens[idx], 'style');
      const align = /text-align:(left|right|center)/.exec(style)?.[1];
      const tag = cell === 'th_open' ? 'th' : 'td';
      return align ? `<${tag} class="align-${align}">` : `<${tag}>`;
    };
  }
  return md;
}

let shared: MarkdownIt.MarkdownIt | undefined;

export function renderMarkdown(text: string): string {
  shared ??= createMarkdown();
  return shared.render(text, {});
}
