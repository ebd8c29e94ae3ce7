// For a profile that leaves the model to the server: which model the server answered with,
// so the panel can name it ("server default (qwen…)"). Forgotten when the providers change.
import { SERVER_DEFAULT_MODEL } from '../../providers/types';
import type { ProviderState, ReplySpeed } from '../../shared/protocol';

export class ServerModelNames {
  private readonly byProfile = new Map<string, string>();

  /** The state with the server's model filled in where the server picks it and has said which. */
  fill(state: ProviderState): ProviderState {
    if (!state.serverDefault) return state;
    const model = this.byProfile.get(state.profileId) ?? state.serverDefault.model;
    return { ...state, serverDefault: model === undefined ? {} : { model } };
  }

  /** Records the model an answer came from; true when the panel should be told. */
  note(state: ProviderState, speed: ReplySpeed | undefined): boolean {
    if (!state.serverDefault || state.model !== '' || !speed || speed.model === SERVER_DEFAULT_MODEL) return false;
    if (this.byProfile.get(state.profileId) === speed.model) return false;
    this.byProfile.set(state.profileId, speed.model);
    return true;
  }

  clear(): void {
    this.byProfile.clear();
  }
}
