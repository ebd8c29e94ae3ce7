// Work that must finish before the extension host goes away. VS Code awaits the
// promise deactivate() returns, not a dispose, so what a feature still has to
// write (the speed history's last batch) is registered here and run from
// deactivate().

export class ExitWork {
  private readonly tasks = new Set<() => Promise<void>>();

  /** Runs `task` on exit until the returned handle is disposed. */
  add(task: () => Promise<void>): { dispose(): void } {
    this.tasks.add(task);
    return { dispose: () => void this.tasks.delete(task) };
  }

  /** Runs every registered task and waits for all of them; one failing does not stop the others. */
  async run(): Promise<void> {
    await Promise.allSettled([...this.tasks].map((task) => task()));
  }
}
