// Messages between the speed dashboard's host side (src/speed/dashboard.ts) and its
// webview (src/webview/dashboard). Both bundles import this file. The host validates
// what it receives with `parseDashboardRequest`; the webview checks the type of what
// the host sends with `isDashboardUpdate`.
import type { CompareResult, SpeedSample } from './speedTypes';

export type ExportFormat = 'json' | 'csv';
export type DashboardSection = 'history' | 'compare';

/** Host → webview. */
export type DashboardUpdate =
  /** The whole history (sent after `ready` and after a clear). */
  | { type: 'history'; samples: SpeedSample[]; limit: number }
  /** One new sample to append. */
  | { type: 'sample'; sample: SpeedSample }
  | { type: 'compareProgress'; done: number; total: number; label: string }
  | { type: 'compareResult'; result: CompareResult }
  /** Scrolls to a section (e.g. after Compare Providers finishes). */
  | { type: 'reveal'; section: DashboardSection };

/** Webview → host. */
export type DashboardRequest =
  | { type: 'ready' }
  | { type: 'export'; what: DashboardSection; format: ExportFormat }
  | { type: 'clearHistory' }
  | { type: 'compareProviders' }
  /** Sent after charts were (re)drawn, with how many; the e2e test and the log read it. */
  | { type: 'rendered'; charts: number };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Validates a message from the webview; undefined for anything unexpected. */
export function parseDashboardRequest(raw: unknown): DashboardRequest | undefined {
  if (!isObject(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'clearHistory':
    case 'compareProviders':
      return { type: raw.type };
    case 'export': {
      const what = raw.what === 'history' || raw.what === 'compare' ? raw.what : undefined;
      const format = raw.format === 'json' || raw.format === 'csv' ? raw.format : undefined;
      return what && format ? { type: 'export', what, format } : undefined;
    }
    case 'rendered':
      return typeof raw.charts === 'number' && Number.isInteger(raw.charts) && raw.charts >= 0
        ? { type: 'rendered', charts: raw.charts }
        : undefined;
    default:
      return undefined;
  }
}

const UPDATE_TYPES: ReadonlySet<string> = new Set<DashboardUpdate['type']>([
  'history',
  'sample',
  'compareProgress',
  'compareResult',
  'reveal',
]);

/** Checks the discriminant of a message from the host. */
export function isDashboardUpdate(raw: unknown): raw is DashboardUpdate {
  return isObject(raw) && typeof raw.type === 'string' && UPDATE_TYPES.has(raw.type);
}
