// Decides what the fake model "writes" for one request: the tokens (content and
// reasoning), why it stopped, and the prompt size, before any pacing happens.
import { chatFimParts, completionFimParts, infillFimParts, lastUserMessage, messageText, promptText, type FimParts } from './fim';
import { oracleAnswer } from './oracle';
import { countTokens, fillerCode, splitTokens } from './tokens';
import type { Flavour, ResponseSpec } from './types';

export type RouteKind = 'chat' | 'completions' | 'infill' | 'fim';
export type Channel = 'content' | 'reasoning';

export interface Token {
  text: string;
  channel: Channel;
}

export interface Generation {
  tokens: Token[];
  finishReason: 'stop' | 'length';
  /** The stop string that ended the answer, when one did. */
  stoppingWord?: string;
  promptTokens: number;
  /** Name of the delta field that carries reasoning. */
  reasoningField: 'reasoning_content' | 'reasoning';
}

type Body = Record<string, unknown>;

export function generate(spec: ResponseSpec, route: RouteKind, body: Body, flavour: Flavour): Generation {
  let { content, reasoning } = answerText(spec, route, body);
  const reasoningAs = spec.kind === 'text' ? spec.reasoningAs : undefined;
  if (reasoning && reasoningAs === 'think-tags') {
    content = `<think>${reasoning}</think>\n\n${content}`;
    reasoning = '';
  }
  if (route !== 'chat') reasoning = ''; // completion-style routes have no reasoning field

  let finishReason: Generation['finishReason'] = 'stop';
  const stopped = applyStop(content, stopStrings(body));
  content = stopped.text;

  let tokens: Token[] = [
    ...splitTokens(reasoning).map((text) => ({ text, channel: 'reasoning' as const })),
    ...splitTokens(content).map((text) => ({ text, channel: 'content' as const })),
  ];
  const limit = maxTokens(body, route);
  if (limit !== undefined && tokens.length > limit) {
    tokens = tokens.slice(0, limit);
    finishReason = 'length';
  }
  const generation: Generation = {
    tokens,
    finishReason,
    promptTokens: promptTokens(body, route),
    reasoningField: reasoningAs === 'reasoning' || reasoningAs === 'reasoning_content' ? reasoningAs : defaultReasoningField(flavour),
  };
  if (finishReason === 'stop' && stopped.word !== undefined) generation.stoppingWord = stopped.word;
  return generation;
}

function defaultReasoningField(flavour: Flavour): Generation['reasoningField'] {
  return flavour === 'openrouter' || flavour === 'groq' || flavour === 'cerebras' ? 'reasoning' : 'reasoning_content';
}

function answerText(spec: ResponseSpec, route: RouteKind, body: Body): { content: string; reasoning: string } {
  switch (spec.kind) {
    case 'text':
      return { content: spec.text, reasoning: spec.reasoning ?? '' };
    case 'tokens':
      return { content: fillerCode(spec.count), reasoning: '' };
    case 'oracle':
      return { content: oracleAnswer(spec, fimParts(route, body)).text, reasoning: '' };
    case 'echo':
      return { content: echoText(route, body), reasoning: '' };
    default: {
      const never: never = spec;
      throw new Error(`unknown response kind ${JSON.stringify(never)}`);
    }
  }
}

export function fimParts(route: RouteKind, body: Body): FimParts {
  if (route === 'chat') return chatFimParts(body);
  if (route === 'infill') return infillFimParts(body);
  return completionFimParts(body);
}

function echoText(route: RouteKind, body: Body): string {
  if (route === 'chat') return lastUserMessage(body);
  const prefix = fimParts(route, body).prefix;
  return prefix.slice(prefix.lastIndexOf('\n') + 1);
}

function stopStrings(body: Body): string[] {
  const stop = body.stop;
  if (typeof stop === 'string') return stop ? [stop] : [];
  if (Array.isArray(stop)) return stop.filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [];
}

function applyStop(text: string, stops: string[]): { text: string; word?: string } {
  let cut = -1;
  let word: string | undefined;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0 && (cut < 0 || at < cut)) {
      cut = at;
      word = s;
    }
  }
  return cut < 0 ? { text } : { text: text.slice(0, cut), word: word! };
}

function maxTokens(body: Body, route: RouteKind): number | undefined {
  const candidates = route === 'infill' ? [body.n_predict, body.max_tokens] : [body.max_completion_tokens, body.max_tokens];
  for (const c of candidates) {
    // llama.cpp uses -1 for "no limit".
    if (typeof c === 'number' && Number.isFinite(c) && c >= 0) return Math.floor(c);
  }
  return undefined;
}

function promptTokens(body: Body, route: RouteKind): number {
  if (route === 'chat') {
    const messages = Array.isArray(body.messages) ? (body.messages as Body[]) : [];
    return messages.reduce((n, m) => n + countTokens(messageText(m?.content)), 0);
  }
  if (route === 'infill') {
    const extra = Array.isArray(body.input_extra) ? (body.input_extra as Body[]) : [];
    const extraText = extra.map((e) => `${String(e?.filename ?? '')}\n${String(e?.text ?? '')}`).join('');
    return countTokens(String(body.input_prefix ?? '') + String(body.input_suffix ?? '') + promptText(body.prompt) + extraText);
  }
  return countTokens(promptText(body.prompt) + (typeof body.suffix === 'string' ? body.suffix : ''));
}
