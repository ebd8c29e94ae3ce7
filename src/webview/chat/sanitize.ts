// DOMPurify as the second line of defence behind markdown-it's escaping: even
// if a rendering rule let something through, no script, handler, style,
// frame, form or URL-bearing attribute survives. Links carry their target in
// `data-href`, which is checked here too.
import DOMPurify from 'dompurify';
import { isWebLink } from './markdown';

const FORBID_TAGS = [
  'style', 'script', 'img', 'svg', 'math', 'iframe', 'frame', 'object', 'embed', 'form', 'input',
  'textarea', 'select', 'video', 'audio', 'source', 'picture', 'link', 'meta', 'base',
];
const FORBID_ATTR = ['style', 'href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster'];

let configured = false;

function configure(): void {
  DOMPurify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'data-href' && !isWebLink(data.attrValue)) data.keepAttr = false;
  });
  configured = true;
}

/** Sanitises rendered Markdown into a fragment ready to insert (no second HTML parse). */
export function sanitizeToFragment(html: string): DocumentFragment {
  if (!configured) configure();
  return DOMPurify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    // Buttons stay: the code toolbar is ours, and raw HTML from the model is escaped before this.
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_UNKNOWN_PROTOCOLS: false,
  }) as unknown as DocumentFragment;
}
