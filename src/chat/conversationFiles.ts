// Conversations kept as files in the extension's workspace storage folder, the index and the
// draft in workspace state. VS Code sends an extension's whole workspace state to the window on
// every update, so one long answer kept there made every save (once a second while it streams,
// and each keystroke's draft) carry megabytes, and a reload could drop the last of them. A file
// is written on the extension host's side at once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { conversationKey, type KeyValueStorage } from './core/store';

const CONVERSATION_PREFIX = conversationKey('');

export class ConversationFiles implements KeyValueStorage {
  /** Writes per key, in call order. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    /** Everything else, and conversations saved there by earlier versions. */
    private readonly state: KeyValueStorage,
  ) {}

  private file(key: string): string | undefined {
    if (!key.startsWith(CONVERSATION_PREFIX)) return undefined;
    const id = key.slice(CONVERSATION_PREFIX.length);
    // Ids are UUIDs; anything else stays in workspace state rather than becoming a path.
    return /^[\w-]{1,100}$/.test(id) ? path.join(this.dir, `${id}.json`) : undefined;
  }

  get<T>(key: string): T | undefined {
    const file = this.file(key);
    if (file === undefined) return this.state.get<T>(key);
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    } catch {
      return this.state.get<T>(key);
    }
  }

  update(key: string, value: unknown): Promise<void> {
    const file = this.file(key);
    if (file === undefined) return Promise.resolve(this.state.update(key, value));
    const previous = this.writes.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (value === undefined) {
        await fs.promises.rm(file, { force: true });
      } else {
        // Written whole then renamed, so a reload mid-write leaves the previous version.
        await fs.promises.mkdir(this.dir, { recursive: true });
        const temporary = `${file}.${process.pid}.tmp`;
        await fs.promises.writeFile(temporary, JSON.stringify(value));
        await fs.promises.rename(temporary, file);
      }
      // A copy an earlier version kept in workspace state is no longer needed.
      if (this.state.get(key) !== undefined) await this.state.update(key, undefined);
    });
    const settled = next.catch(() => undefined);
    this.writes.set(key, settled);
    void settled.then(() => {
      if (this.writes.get(key) === settled) this.writes.delete(key);
    });
    return next;
  }
}
