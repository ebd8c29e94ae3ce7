// Serialises a generation as the events each route streams: OpenAI chunks for
// chat, completions and Mistral FIM, llama.cpp's native events for /infill.
import type { Channel } from './generate';
import { envelope, groqRequestId, TRAITS, timingExtras, usageObject, usageWanted, type AnswerContext } from './flavours';
import { llamaCppTimings, type RunStats } from './timing';

type Json = Record<string, unknown>;

export interface StreamShape {
  contentType: string;
  /** Written with the first token: a chat stream's role announcement. */
  opening(): string;
  /** One event carrying a batch of tokens of one channel; `sent` counts tokens written including these, `s` the run so far. */
  tokens(text: string, channel: Channel, sent: number, s?: RunStats): string;
  /** Finish, usage and [DONE] events. */
  closing(s: RunStats, sendDone: boolean): string;
}

export function sse(obj: unknown): string {
  return `data: ${JSON.stringify(obj)}\n\n`;
}

/** llama-server's `timings_per_token`: every event carries the timings so far, not only the last. */
function timingsPerToken(ctx: AnswerContext): boolean {
  return ctx.options.serverTimings && ctx.body.timings_per_token === true;
}

export function createShape(ctx: AnswerContext): StreamShape {
  return ctx.route === 'infill' ? new InfillShape(ctx) : new OpenAiShape(ctx);
}

class OpenAiShape implements StreamShape {
  readonly contentType: string;
  private readonly chat: boolean;

  constructor(private readonly ctx: AnswerContext) {
    this.chat = ctx.route !== 'completions';
    this.contentType = ctx.flavour === 'openai' ? 'text/event-stream; charset=utf-8' : 'text/event-stream';
  }

  opening(): string {
    const traits = TRAITS[this.ctx.flavour];
    if (!this.chat || traits.roleChunk === 'none') return '';
    const delta: Json = { role: 'assistant', content: traits.roleChunk === 'content-null' ? null : '' };
    if (this.ctx.flavour === 'openai') delta.refusal = null;
    const chunk = this.chunk([this.choice(delta, null)]);
    if (this.ctx.flavour === 'groq') chunk.x_groq = { id: groqRequestId(this.ctx) };
    return sse(chunk);
  }

  tokens(text: string, channel: Channel, sent: number, s?: RunStats): string {
    const chunk = this.chunk([this.chat ? this.choice(this.delta(text, channel), null) : this.textChoice(text, null)]);
    if (this.continuousUsage()) {
      const prompt = this.ctx.generation.promptTokens;
      chunk.usage = { prompt_tokens: prompt, completion_tokens: sent, total_tokens: prompt + sent };
    }
    if (s && this.ctx.flavour === 'llamacpp' && timingsPerToken(this.ctx)) chunk.timings = llamaCppTimings(s);
    return sse(chunk);
  }

  closing(s: RunStats, sendDone: boolean): string {
    const reason = this.ctx.generation.finishReason;
    const placement = TRAITS[this.ctx.flavour].placement;
    const wanted = usageWanted(this.ctx);
    const usage = wanted ? usageObject(this.ctx, s, reason) : undefined;
    const extras = timingExtras(this.ctx, s);
    const finishChoice = this.chat ? this.choice(this.finishDelta(), reason) : this.textChoice('', reason);
    const finish = this.chunk([finishChoice]);
    const events: Json[] = [finish];
    const separate = (): Json => Object.assign(this.chunk([]), { usage });

    if (placement === 'finish' || placement === 'finish-and-separate') {
      Object.assign(finish, extras, usage ? { usage } : {});
      if (placement === 'finish-and-separate' && usage) events.push(separate());
    } else if (placement === 'repeat-finish') {
      Object.assign(finish, extras);
      if (usage) events.push(Object.assign(this.chunk([finishChoice]), { usage }));
    } else if (usage) {
      events.push(Object.assign(separate(), extras));
    } else {
      Object.assign(finish, extras);
    }
    return events.map(sse).join('') + (sendDone ? 'data: [DONE]\n\n' : '');
  }

  private chunk(choices: Json[]): Json {
    const chunk = envelope(this.ctx, this.chat ? 'chat.completion.chunk' : 'text_completion');
    chunk.choices = choices;
    if (this.ctx.flavour === 'openai' && usageWanted(this.ctx)) chunk.usage = null;
    return chunk;
  }

  private delta(text: string, channel: Channel): Json {
    const traits = TRAITS[this.ctx.flavour];
    if (channel === 'reasoning') {
      const delta: Json = traits.roleInEveryDelta ? { content: '', role: 'assistant' } : {};
      delta[this.ctx.generation.reasoningField] = text;
      if (this.ctx.flavour === 'openrouter') {
        delta.reasoning_details = [{ type: 'reasoning.text', text, format: 'unknown', index: 0 }];
      }
      return delta;
    }
    if (this.ctx.flavour === 'openrouter') return { content: text, role: 'assistant' };
    return traits.roleInEveryDelta ? { role: 'assistant', content: text } : { content: text };
  }

  private finishDelta(): Json {
    return this.ctx.flavour === 'openrouter' ? { content: '', role: 'assistant' } : {};
  }

  private choice(delta: Json, finishReason: string | null): Json {
    const choice: Json = { index: 0, delta };
    if (TRAITS[this.ctx.flavour].logprobs) choice.logprobs = null;
    choice.finish_reason = finishReason;
    if (this.ctx.flavour === 'openrouter') choice.native_finish_reason = finishReason;
    return choice;
  }

  private textChoice(text: string, finishReason: string | null): Json {
    return { text, index: 0, logprobs: null, finish_reason: finishReason };
  }

  private continuousUsage(): boolean {
    const so = this.ctx.body.stream_options as Json | undefined;
    return this.ctx.flavour === 'vllm' && Boolean(so && so.continuous_usage_stats === true);
  }
}

/** llama.cpp's native /infill events: `{content, stop}` objects, a final one with timings, no [DONE]. */
class InfillShape implements StreamShape {
  readonly contentType = 'text/event-stream';

  constructor(private readonly ctx: AnswerContext) {}

  opening(): string {
    return '';
  }

  tokens(text: string, _channel: Channel, sent: number, s?: RunStats): string {
    const event: Json = {
      index: 0, content: text, tokens: [], stop: false, id_slot: 0,
      tokens_predicted: sent, tokens_evaluated: this.ctx.generation.promptTokens,
    };
    if (s && timingsPerToken(this.ctx)) event.timings = llamaCppTimings(s);
    return sse(event);
  }

  closing(s: RunStats): string {
    return sse(infillFinal(this.ctx, s, ''));
  }
}

/** The last /infill event, or the whole non-streamed /infill body when `content` is the full answer. */
export function infillFinal(ctx: AnswerContext, s: RunStats, content: string): Json {
  const g = ctx.generation;
  const stopType = g.finishReason === 'length' ? 'limit' : g.stoppingWord !== undefined ? 'word' : 'eos';
  const body: Json = {
    index: 0,
    content,
    tokens: [],
    id_slot: 0,
    stop: true,
    model: ctx.model,
    tokens_predicted: s.completionTokens,
    tokens_evaluated: s.promptTokens,
    generation_settings: { n_predict: typeof ctx.body.n_predict === 'number' ? ctx.body.n_predict : -1 },
    prompt: '',
    has_new_line: g.tokens.some((t) => t.text.includes('\n')),
    truncated: false,
    stop_type: stopType,
    stopping_word: g.stoppingWord ?? '',
    tokens_cached: s.promptTokens + s.completionTokens,
  };
  if (ctx.options.serverTimings) body.timings = llamaCppTimings(s);
  return body;
}
