// Chat webview entry (browser bundle). Styles are bundled next to it as
// dist/webview/chat.css, codicons' font included, so nothing loads from a CDN.
import '@vscode/codicons/dist/codicon.css';
import '../../../media/chat.css';
import type { HostMessage } from '../../shared/chatProtocol';
import { ChatApp, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

/** Without the host's snapshot this long after saying `ready`, the page says it again. */
const READY_AGAIN_MS = 2000;

const api = acquireVsCodeApi();
const root = document.getElementById('app');
if (root) {
  const app = new ChatApp(root, api);
  let snapshotSeen = false;
  window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
    const message = event.data;
    if (typeof message !== 'object' || message === null || typeof message.type !== 'string') return;
    if (message.type === 'init') snapshotSeen = true;
    app.handle(message);
  });
  // A page rebuilt while the view was being shown can lose its first word to the host; a
  // snapshot asked for twice costs nothing.
  const sayReady = () => {
    if (snapshotSeen) return;
    api.postMessage({ type: 'ready' });
    setTimeout(sayReady, READY_AGAIN_MS);
  };
  sayReady();
}
