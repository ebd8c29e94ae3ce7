// The chat webview's HTML shell. Everything on the page comes from the bundle
// (dist/webview/chat.js and chat.css); the policy allows nothing else: no
// remote content, no inline script or style, no plugins, no frames, and DOM
// string sinks only through the sanitiser's Trusted Types policy.
import { webviewHtml, webviewPolicy } from '../../shared/webviewHost';

export interface ChatHtmlOptions {
  /** `webview.cspSource` */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export function chatContentSecurityPolicy(cspSource: string, nonce: string): string {
  return webviewPolicy(cspSource, nonce, ["require-trusted-types-for 'script'", 'trusted-types dompurify']);
}

export function chatHtml(options: ChatHtmlOptions): string {
  return webviewHtml({
    policy: chatContentSecurityPolicy(options.cspSource, options.nonce),
    nonce: options.nonce,
    title: 'Fast Inference Chat',
    styleUris: [options.styleUri],
    scriptUri: options.scriptUri,
    body: '<div id="app"></div>',
  });
}
