// VS Code's language-model messages to the provider layer's chat messages and back.
// Parts are read by shape (text: `value`; tool call: `callId`, `name`, `input`; tool result:
// `callId`, `content`), so this file needs no `vscode` import and reads the API's classes
// and plain copies of them alike.
import type { ChatMessage, ChatTool, ToolCall, ToolResultMessage } from '../../providers/types';

/** VS Code's LanguageModelChatMessageRole values (System is 3 where VS Code sends it). */
export const ROLE = { user: 1, assistant: 2, system: 3 } as const;

export interface InputMessage {
  readonly role: number;
  readonly content: ReadonlyArray<unknown>;
}

export interface InputTool {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object | undefined;
}

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'call'; call: ToolCall }
  | { kind: 'result'; callId: string; text: string }
  | { kind: 'other' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function readPart(part: unknown): Part {
  if (typeof part === 'string') return { kind: 'text', text: part };
  if (!isObject(part)) return { kind: 'other' };
  if (typeof part.callId === 'string' && typeof part.name === 'string' && 'input' in part) {
    return { kind: 'call', call: { id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}) } };
  }
  if (typeof part.callId === 'string' && Array.isArray(part.content)) {
    return { kind: 'result', callId: part.callId, text: resultText(part.content) };
  }
  if (typeof part.value === 'string') return { kind: 'text', text: part.value };
  return { kind: 'other' };
}

/** A tool's result as the text the model reads: text parts as they are, anything else as JSON. */
function resultText(content: readonly unknown[]): string {
  return content
    .map((p) => {
      if (typeof p === 'string') return p;
      if (isObject(p) && typeof p.value === 'string') return p.value;
      if (isObject(p) && 'value' in p) return JSON.stringify(p.value);
      return JSON.stringify(p);
    })
    .join('');
}

/**
 * The conversation as OpenAI-style messages. A user message's tool results become `tool`
 * messages placed first, since they must follow the assistant turn that asked for them.
 */
export function toChatMessages(messages: readonly InputMessage[]): (ChatMessage | ToolResultMessage)[] {
  const out: (ChatMessage | ToolResultMessage)[] = [];
  for (const message of messages) {
    const parts = message.content.map(readPart);
    const text = parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
    if (message.role === ROLE.assistant) {
      const toolCalls = parts.flatMap((p) => (p.kind === 'call' ? [p.call] : []));
      out.push(toolCalls.length > 0 ? { role: 'assistant', content: text, toolCalls } : { role: 'assistant', content: text });
      continue;
    }
    for (const p of parts) if (p.kind === 'result') out.push({ role: 'tool', toolCallId: p.callId, content: p.text });
    if (text !== '') out.push({ role: message.role === ROLE.system ? 'system' : 'user', content: text });
  }
  return out;
}

export function toChatTools(tools: readonly InputTool[] | undefined): ChatTool[] {
  return (tools ?? []).map((t) => ({ name: t.name, description: t.description, ...(t.inputSchema ? { parameters: t.inputSchema } : {}) }));
}

export interface ToolCallInput {
  callId: string;
  name: string;
  input: object;
}

/**
 * A call's JSON arguments as the object VS Code hands to the tool. Arguments that are not a
 * JSON object are an error the caller sees, not a call with made-up input.
 */
export function toToolCallInput(call: ToolCall): ToolCallInput {
  let input: unknown;
  try {
    input = JSON.parse(call.arguments === '' ? '{}' : call.arguments);
  } catch {
    throw new Error(`The model called the tool "${call.name}" with arguments that are not JSON: ${call.arguments.slice(0, 200)}`);
  }
  if (!isObject(input) || Array.isArray(input)) {
    throw new Error(`The model called the tool "${call.name}" with arguments that are not a JSON object: ${call.arguments.slice(0, 200)}`);
  }
  return { callId: call.id, name: call.name, input };
}

/** The characters the token estimate counts for one message. */
export function messageText(message: InputMessage): string {
  return message.content
    .map(readPart)
    .map((p) => (p.kind === 'text' ? p.text : p.kind === 'call' ? p.call.name + p.call.arguments : p.kind === 'result' ? p.text : ''))
    .join('');
}
