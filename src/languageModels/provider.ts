// The LanguageModelChatProvider behind vendor "fastInference": VS Code's own chat (and any
// extension using vscode.lm) reaches the profiles' models through the same clients as our
// chat, so cancelling closes the request at the server, the rate-limit gate applies and
// every request is measured into the speed history.
import * as vscode from 'vscode';
import { errorView } from '../chat/core/errors';
import { estimateTokens } from '../shared/tokens';
import { profileName } from '../config/core/profiles';
import type { Settings } from '../config/core/settings';
import type { InferenceClient, ModelDetails } from '../providers';
import type { Logger } from '../shared/log';
import { messageText, toChatMessages, toChatTools, toToolCallInput } from './core/messages';
import { describeModels, languageModelErrorCode, parseModelInfoId, supportsTools, type ModelInformation, type ProfileModels } from './core/models';

/** What the provider needs from the endpoint service (the EndpointService satisfies it). */
export interface ModelEndpoints {
  clientFor(profileId: string): Promise<InferenceClient>;
  readonly onDidChange: vscode.Event<void>;
}

export interface LanguageModelDeps {
  settings: { readonly current: Settings; readonly onDidChange: vscode.Event<Settings> };
  endpoints: ModelEndpoints;
  logger: Logger;
}

/** How long one profile's /v1/models may take before its configured chat model stands in. */
const MODEL_LIST_TIMEOUT_MS = 5000;

export class FastInferenceChatModels implements vscode.LanguageModelChatProvider<ModelInformation>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  /** Each profile's model list, asked once until settings or keys change. */
  private readonly listed = new Map<string, Promise<ModelDetails[]>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: LanguageModelDeps) {
    this.subscriptions = [
      deps.endpoints.onDidChange(() => {
        this.listed.clear();
        this.changed.fire();
      }),
    ];
  }

  async provideLanguageModelChatInformation(_options: vscode.PrepareLanguageModelChatModelOptions, token: vscode.CancellationToken): Promise<ModelInformation[]> {
    const settings = this.deps.settings.current;
    const profiles = await Promise.all(
      settings.profiles.map(async (profile): Promise<ProfileModels | undefined> => {
        try {
          const client = await this.deps.endpoints.clientFor(profile.id);
          // Without its key a cloud profile's server can only refuse: nothing to offer yet.
          if (client.endpoint.requiresKey && !client.endpoint.apiKey) return undefined;
          return {
            profileId: profile.id,
            profileName: profileName(profile),
            providerName: client.endpoint.providerName,
            chatMaxTokens: client.endpoint.chatMaxTokens,
            toolCalling: supportsTools(client.endpoint.presetId),
            models: await this.models(profile.id, client, token),
          };
        } catch (err) {
          this.deps.logger.warn(`Language models: profile "${profile.id}" is left out: ${err instanceof Error ? err.message : String(err)}`);
          return undefined;
        }
      }),
    );
    return describeModels(profiles.filter((p): p is ProfileModels => p !== undefined));
  }

  async provideLanguageModelChatResponse(
    model: ModelInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const target = parseModelInfoId(model.id);
    if (!target) throw new Error(`Fast Inference has no model "${model.id}".`);
    const settings = this.deps.settings.current;
    if (!vscode.workspace.isTrusted && !settings.allowInRestrictedMode) {
      throw vscode.LanguageModelError.NoPermissions(
        'This workspace is in Restricted Mode: Fast Inference sends nothing from it. Trust the workspace or enable fastInference.allowInRestrictedMode.',
      );
    }
    const client = await this.deps.endpoints.clientFor(target.profileId);
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    if (token.isCancellationRequested) abort.abort();
    try {
      const tools = toChatTools(options.tools);
      const stream = client.streamChat(
        {
          messages: toChatMessages(messages),
          model: target.model,
          ...(tools.length > 0 ? { tools, toolChoice: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto' } : {}),
        },
        abort.signal,
      );
      for await (const delta of stream) {
        if (delta.kind === 'content') progress.report(new vscode.LanguageModelTextPart(delta.text));
      }
      const outcome = await stream.outcome;
      for (const call of outcome.toolCalls ?? []) {
        const { callId, name, input } = toToolCallInput(call);
        progress.report(new vscode.LanguageModelToolCallPart(callId, name, input));
      }
    } catch (err) {
      throw toLanguageModelError(err);
    } finally {
      cancelled.dispose();
    }
  }

  async provideTokenCount(_model: ModelInformation, text: string | vscode.LanguageModelChatRequestMessage, _token: vscode.CancellationToken): Promise<number> {
    return estimateTokens(typeof text === 'string' ? text : messageText(text));
  }

  private models(profileId: string, client: InferenceClient, token: vscode.CancellationToken): Promise<ModelDetails[]> {
    let listed = this.listed.get(profileId);
    if (!listed) {
      listed = this.ask(client).catch((err: unknown) => {
        this.listed.delete(profileId);
        // An unreachable server still offers its configured model; a request then says what is wrong.
        this.deps.logger.warn(`Language models: could not list ${profileId}'s models: ${err instanceof Error ? err.message : String(err)}`);
        return client.endpoint.chatModel ? [{ id: client.endpoint.chatModel }] : [];
      });
      this.listed.set(profileId, listed);
    }
    return token.isCancellationRequested ? Promise.resolve([]) : listed;
  }

  private async ask(client: InferenceClient): Promise<ModelDetails[]> {
    const signal = AbortSignal.timeout(MODEL_LIST_TIMEOUT_MS);
    if (client.listModelDetails) return client.listModelDetails(signal);
    return (await client.listModels(signal)).map((id) => ({ id }));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
    this.listed.clear();
  }
}

/** The error as our chat would word it, classed the way VS Code's callers check for. */
function toLanguageModelError(err: unknown): Error {
  if (err instanceof vscode.LanguageModelError) return err;
  const view = errorView(err);
  const shape = err as { kind?: Parameters<typeof languageModelErrorCode>[0]; action?: Parameters<typeof languageModelErrorCode>[1] };
  const code = languageModelErrorCode(shape.kind, shape.action);
  return code ? vscode.LanguageModelError[code](view.message) : new Error(view.message);
}
