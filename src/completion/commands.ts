// Toggle, Snooze… and Trigger Now.
import * as vscode from 'vscode';
import type { SettingsStore } from '../config/settingsStore';
import type { InlineCompletions } from './inlineCompletions';

const SNOOZE_MINUTES = [5, 15, 30, 60];

export function registerCompletionCommands(completions: InlineCompletions, settings: SettingsStore): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('fastInference.toggleCompletions', async () => {
      const enable = !settings.current.completions.enabled || completions.isSnoozed();
      // Turning completions on also ends a snooze: the user wants them now.
      if (completions.isSnoozed()) await completions.snooze(null);
      // Where the workspace decides, the toggle changes the workspace's value (a user value would change nothing).
      await settings.updateWhereDecided('completions.enabled', enable);
      void vscode.window.setStatusBarMessage(`Fast Inference: inline completions ${enable ? 'on' : 'off'}`, 2000);
    }),
    vscode.commands.registerCommand('fastInference.snoozeCompletions', async (minutes?: unknown) => {
      // A number argument (from a keybinding or the status bar menu) skips the picker.
      if (typeof minutes === 'number' && minutes > 0) return completions.snooze(minutes);
      type Item = vscode.QuickPickItem & { minutes: number | null };
      const items: Item[] = SNOOZE_MINUTES.map((m) => ({ label: `$(clock) ${m} minutes`, minutes: m }));
      if (completions.isSnoozed()) {
        const until = new Date(completions.state.snoozedUntil!).toLocaleTimeString();
        items.unshift({ label: '$(play) Resume now', description: `snoozed until ${until}`, minutes: null });
      }
      const picked = await vscode.window.showQuickPick(items, { title: 'Snooze inline completions', placeHolder: 'Pause ghost text for…' });
      if (picked) await completions.snooze(picked.minutes);
    }),
    vscode.commands.registerCommand('fastInference.triggerCompletion', async () => {
      // VS Code asks the provider with the Invoke trigger kind: no debounce, allowed even when snoozed.
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    }),
  );
}
