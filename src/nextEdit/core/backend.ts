// Turns a next-edit prompt into a request on the provider layer: a chat request
// for the 'chat' format, a raw /v1/completions prompt for the 'zeta' format.
import type { InferenceClient } from '../../providers';
import { ProviderError } from '../../providers';
import type { GenerationStream } from '../../providers/types';
import type { NextEditPrompt } from './prompt';

export function nextEditBackend(client: () => InferenceClient): (prompt: NextEditPrompt, signal: AbortSignal) => GenerationStream {
  return (prompt, signal) => {
    const c = client();
    if (prompt.format === 'chat') {
      return c.streamChat(
        {
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          maxTokens: prompt.maxTokens,
          temperature: 0,
        },
        signal,
      );
    }
    if (!c.streamPrompt) throw new ProviderError({ kind: 'not-supported', action: 'none', message: `${c.endpoint.providerName} takes no raw prompts.` });
    return c.streamPrompt({ prompt: prompt.prompt, maxTokens: prompt.maxTokens, stop: prompt.stop, temperature: 0 }, signal);
  };
}
