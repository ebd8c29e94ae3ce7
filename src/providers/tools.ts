// OpenAI function calling on the wire: our messages and tools to the request body, and
// the streamed `delta.tool_calls` fragments back to whole calls.
import type OpenAI from 'openai';
import type { ChatMessage, ChatTool, ToolCall, ToolResultMessage } from './types';

type WireMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type WireTool = OpenAI.Chat.Completions.ChatCompletionTool;

export function toWireMessages(messages: readonly (ChatMessage | ToolResultMessage)[]): WireMessage[] {
  return messages.map((m): WireMessage => {
    if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
    if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
      return {
        role: 'assistant',
        // Some servers reject an empty string next to tool calls; null is what OpenAI sends.
        content: m.content === '' ? null : m.content,
        tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      };
    }
    return { role: m.role, content: m.content };
  });
}

export function toWireTools(tools: readonly ChatTool[]): WireTool[] {
  return tools.map((t) => ({
    type: 'function',
    function: { name: t.name, description: t.description, parameters: (t.parameters ?? { type: 'object', properties: {} }) as Record<string, unknown> },
  }));
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Collects `choices[0].delta.tool_calls` fragments: the first fragment of a call carries its
 * `index`, `id` and name, later ones append to its arguments. Servers that send a whole call
 * in one event (and no index) are read the same way.
 */
export class ToolCallCollector {
  private readonly calls = new Map<number, ToolCall>();

  /** Reads one raw event; returns the argument characters it added (they are generated tokens too). */
  observe(raw: unknown): number {
    if (!isObject(raw) || !Array.isArray(raw.choices)) return 0;
    const choice = raw.choices.find((c): c is Json => isObject(c) && (c.index === undefined || c.index === 0));
    const delta = choice && (isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : undefined);
    if (!delta || !Array.isArray(delta.tool_calls)) return 0;
    let added = 0;
    // Calls sent whole, without an index, follow the ones seen before.
    const next = this.calls.size;
    for (const [position, fragment] of delta.tool_calls.entries()) {
      if (!isObject(fragment)) continue;
      const index = typeof fragment.index === 'number' ? fragment.index : next + position;
      const fn = isObject(fragment.function) ? fragment.function : {};
      const call = this.calls.get(index) ?? { id: '', name: '', arguments: '' };
      if (typeof fragment.id === 'string' && fragment.id !== '') call.id = fragment.id;
      if (typeof fn.name === 'string' && fn.name !== '') call.name = fn.name;
      if (typeof fn.arguments === 'string') {
        call.arguments += fn.arguments;
        added += fn.arguments.length;
      }
      this.calls.set(index, call);
    }
    return added;
  }

  /** The calls with a name, in index order; a call the server sent without an id gets one. */
  result(requestId: number): ToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, c]) => c.name !== '')
      .map(([index, c]) => ({ ...c, id: c.id || `call_${requestId}_${index}`, arguments: c.arguments || '{}' }));
  }
}
