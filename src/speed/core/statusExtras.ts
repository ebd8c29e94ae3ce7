// What the status bar adds around the speed figures: a width that does not change on every
// keystroke, the actions its hover offers for the state it is in, and the short speed label
// the provider pickers show. Pure, so each is tested without VS Code.
import type { SpeedSample } from '../../providers/types';
import { formatMs, formatRate } from './format';
import type { StatusView } from './statusModel';
import { summarizeSeries } from './stats';

/** U+2007 FIGURE SPACE: as wide as a digit, so padding keeps figures in place. */
const FIGURE_SPACE = '\u2007';

/**
 * Pads status texts so the item never gets narrower while it shows the same provider:
 * "llama.cpp 724 tok/s · 41 ms" → "llama.cpp …" keeps the wider width, so the items next
 * to it (Ln/Col, the language) stay where they are. A new provider starts afresh.
 */
export class StableWidth {
  private key = '';
  private widest = 0;

  pad(text: string, key: string): string {
    if (key !== this.key) {
      this.key = key;
      this.widest = 0;
    }
    // Codicons like $(zap) take about two characters' room whatever their name's length.
    const length = [...text.replace(/\$\([^)]*\)/g, '##')].length;
    this.widest = Math.max(this.widest, length);
    return text + FIGURE_SPACE.repeat(this.widest - length);
  }
}

export interface StatusAction {
  label: string;
  command: string;
  args: unknown[];
}

/** Error kinds that mean "nothing usable answers there": another provider is the fix. */
const NO_SERVER = new Set(['connection-refused', 'dns', 'tls', 'network', 'not-supported', 'html-page', 'timeout']);

/** The links the hover offers for the state shown, aimed at the completion profile. */
export function statusActions(view: StatusView, errorKind: string | undefined, profileId: string | undefined): StatusAction[] {
  const id = profileId === undefined ? [] : [profileId];
  const actions: StatusAction[] = [];
  if (view.state === 'error') {
    if (errorKind === 'auth' || errorKind === 'forbidden') actions.push({ label: 'Set API Key…', command: 'fastInference.setApiKey', args: id });
    else if (errorKind === 'model-not-found') actions.push({ label: 'Pick Model…', command: 'fastInference.pickModel', args: [...id, 'completion'] });
    else if (errorKind === undefined || NO_SERVER.has(errorKind)) actions.push({ label: 'Add Provider…', command: 'fastInference.addProfile', args: [] });
    actions.push({ label: 'Test Connection', command: 'fastInference.testConnection', args: id });
  }
  actions.push({ label: 'Switch Provider…', command: 'fastInference.selectCompletionProvider', args: [] });
  return actions;
}

/** Command links for a trusted markdown hover. */
export function actionLinks(actions: readonly StatusAction[]): string {
  return actions
    .map((a) => `[${a.label}](command:${a.command}${a.args.length > 0 ? `?${encodeURIComponent(JSON.stringify(a.args))}` : ''})`)
    .join(' · ');
}

/** "1,850 tok/s · 40 ms" over a profile's recent requests (every model), or undefined before any. */
export function profileSpeedLabel(samples: readonly SpeedSample[], profileId: string): string | undefined {
  const summary = summarizeSeries(samples.filter((s) => s.profileId === profileId));
  if (!summary) return undefined;
  const rate = summary.tokensPerSecond?.p50 ?? summary.serverTokensPerSecond?.p50;
  const parts = [rate === undefined ? undefined : formatRate(rate), summary.ttftMs ? formatMs(summary.ttftMs.p50) : undefined].filter(
    (p): p is string => p !== undefined,
  );
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
