// What the chat controller needs from its surroundings. The VS Code adapter
// implements these with editors, settings and SecretStorage; tests and the
// benchmark implement them in plain Node.
import type { Disposable } from '../../shared/lifecycle';
import type { CodeAction, ContextChip, HostAction, OpenFile, ProviderState } from '../../shared/chatProtocol';
import type { ContextBlock } from './prompt';
import type { ChatStreamer } from './reply';

export interface ChatClient extends ChatStreamer {
  readonly endpoint: { chatModel: string; profileId: string };
  listModels(signal?: AbortSignal): Promise<string[]>;
}

export interface ProviderSource {
  state(): Promise<ProviderState>;
  clientFor(profileId: string): Promise<ChatClient>;
  selectProfile(profileId: string): Promise<void>;
  selectModel(profileId: string, model: string): Promise<void>;
  onDidChange(listener: () => void): Disposable;
}

export interface ContextSource {
  /** Chips offered now: the active editor's selection or file, and files the user added. */
  chips(): ContextChip[];
  remove(chipId: string): void;
  add(uri: string): Promise<void>;
  listOpenFiles(): Promise<OpenFile[]>;
  /** Reads the chips' text at send time; secret files are never read. */
  resolve(chips: readonly ContextChip[]): Promise<ContextBlock[]>;
  /** A prompt was sent with the chips: files added by hand are cleared. */
  consumed(): void;
  /** Restricted Mode without permission: chips are not offered and nothing is read. */
  restricted(): boolean;
  onDidChange(listener: () => void): Disposable;
}

export interface EditorBridge {
  /** Performs a code block action; returns a short notice for the panel, if any. */
  run(action: CodeAction, code: string, language: string): Promise<string | undefined>;
}

export interface HostUi {
  run(action: HostAction): Promise<void>;
  openExternal(href: string): Promise<void>;
  askTitle(current: string): Promise<string | undefined>;
  confirmDelete(title: string): Promise<boolean>;
}
