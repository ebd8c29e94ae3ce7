// fastInference.compareProviders: pick providers and a number of runs, run the same
// prompts against each under a cancellable progress notification, show the results in
// the dashboard.
import * as vscode from 'vscode';
import { resolveEndpoint } from '../config/core/profiles';
import type { Settings } from '../config/core/settings';
import type { GenerationStream } from '../providers/types';
import type { Logger } from '../shared/log';
import { runComparison, type CompareClient, type CompareResult, type CompareTarget } from './core/compare';
import { COMPARE_CHAT_REQUEST, COMPARE_FIM_REQUEST } from './core/comparePrompts';
import { compareFinishedMessage, SHOW_RESULTS } from './core/compareSummary';

/** The part of the provider layer's EndpointService a comparison needs. */
export interface CompareClientSource {
  clientFor(profileId: string): Promise<CompareClient>;
}

export interface CompareSink {
  showCompareProgress(done: number, total: number, label: string): void;
  showComparison(result: CompareResult): void;
  /** Brings the dashboard forward at the comparison. */
  open(section: 'compare'): void;
}

const MAX_RUNS = 50;

/** A client that fails every request the way building the real one failed (e.g. no API key). */
function failingClient(err: unknown): CompareClient {
  const fail = (): GenerationStream => {
    const outcome = Promise.reject(err);
    outcome.catch(() => undefined);
    return {
      outcome,
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(err) }),
    };
  };
  return { streamFim: fail, streamChat: fail };
}

async function pickProfiles(settings: Settings): Promise<{ profileId: string; providerName: string }[] | undefined> {
  const items = settings.profiles.map((profile) => {
    const endpoint = resolveEndpoint(profile, settings);
    return {
      label: endpoint.providerName,
      description: profile.id === endpoint.providerName ? undefined : profile.id,
      detail: `completion: ${endpoint.completionModel || '(server default)'} · chat: ${endpoint.chatModel || '(server default)'}`,
      picked: true,
      profileId: profile.id,
    };
  });
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Fast Inference: add a provider first (Fast Inference: Add Provider…).');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Compare Providers (1/2): which providers?',
    canPickMany: true,
    placeHolder: 'Every configured provider is selected; untick the ones to leave out',
  });
  if (!picked || picked.length === 0) return undefined;
  return picked.map((p) => ({ profileId: p.profileId, providerName: p.label }));
}

async function askRuns(): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'Compare Providers (2/2): runs per provider',
    prompt: 'Each run sends one completion and one chat request to every provider picked.',
    value: '3',
    validateInput: (text) => {
      const n = Number(text);
      return Number.isInteger(n) && n >= 1 && n <= MAX_RUNS ? undefined : `A whole number from 1 to ${MAX_RUNS}`;
    },
  });
  return answer === undefined ? undefined : Number(answer);
}

export async function compareProviders(
  settings: Settings,
  clients: CompareClientSource,
  sink: CompareSink,
  log: Logger,
): Promise<CompareResult | undefined> {
  const picked = await pickProfiles(settings);
  if (!picked) return undefined;
  const runs = await askRuns();
  if (runs === undefined) return undefined;
  const targets: CompareTarget[] = await Promise.all(
    picked.map(async (p) => {
      try {
        return { ...p, client: await clients.clientFor(p.profileId) };
      } catch (err) {
        return { ...p, client: failingClient(err) };
      }
    }),
  );
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Comparing providers', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      // Cancelling aborts the request in flight, which closes its connection at once.
      const cancel = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await runComparison(
          targets,
          { runs, kinds: ['completion', 'chat'], fim: COMPARE_FIM_REQUEST, chat: COMPARE_CHAT_REQUEST },
          {
            signal: controller.signal,
            wallNow: Date.now,
            onProgress: ({ done, total, label }) => {
              progress.report({ message: `${label} (${done + 1 > total ? total : done + 1}/${total})`, increment: ((done - reported) * 100) / total });
              reported = done;
              sink.showCompareProgress(done, total, label);
            },
          },
        );
      } finally {
        cancel.dispose();
      }
    },
  );
  log.info(`Compare Providers: ${result.samples.length} requests measured, ${result.failures.length} failed${result.cancelled ? ', cancelled' : ''}`);
  for (const f of result.failures) log.warn(`Compare Providers: ${f.profileId} ${f.kind} run ${f.run}: ${f.errorKind}: ${f.message}`);
  sink.showComparison(result);
  // One short line; the figures (and each failure) are in the dashboard.
  void vscode.window.showInformationMessage(compareFinishedMessage(result), SHOW_RESULTS).then((choice) => {
    if (choice === SHOW_RESULTS) sink.open('compare');
  });
  return result;
}
