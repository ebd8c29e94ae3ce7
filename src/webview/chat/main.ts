// Chat webview entry (browser bundle). Styles are bundled next to it as
// dist/webview/chat.css, codicons' font included, so nothing loads from a CDN.
import '@vscode/codicons/dist/codicon.css';
import '../../../media/chat.css';
import type { HostMessage } from '../../shared/chatProtocol';
import { ChatApp, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const root = document.getElementById('app');
if (root) {
  const app = new ChatApp(root, api);
  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const message = event.data;
    if (typeof message === 'object' && message !== null && typeof message.type === 'string') app.handle(message);
  });
  api.postMessage({ type: 'ready' });
}
