// The "Fast Inference" status bar item: copies the StatusController's view onto a
// vscode.StatusBarItem. Clicking it opens the menu (fastInference.showMenu).
import * as vscode from 'vscode';
import type { StatusController } from './core/statusController';
import { tooltipMarkdown, type StatusView } from './core/statusModel';

export const STATUS_ITEM_ID = 'fastInference.status';

export class SpeedStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly stopListening: () => void;
  private lastTooltip = '';

  constructor(controller: StatusController) {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Fast Inference';
    this.item.command = 'fastInference.showMenu';
    this.stopListening = controller.onView((view) => this.apply(view));
    this.apply(controller.view);
    this.item.show();
  }

  /** What the item shows now (for tests and the log). */
  get text(): string {
    return this.item.text;
  }

  private apply(view: StatusView): void {
    this.item.text = view.text;
    this.item.backgroundColor =
      view.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    // Rebuilding the tooltip ten times a second while it is open makes it flicker; skip equal ones.
    const markdown = tooltipMarkdown(view.tooltip);
    if (markdown !== this.lastTooltip) {
      this.lastTooltip = markdown;
      const tooltip = new vscode.MarkdownString(markdown);
      tooltip.supportHtml = false;
      tooltip.isTrusted = false;
      this.item.tooltip = tooltip;
    }
    const plainText = view.text.replace(/\$\([^)]*\)\s*/g, '');
    this.item.accessibilityInformation = { label: `Fast Inference: ${plainText}`, role: 'button' };
  }

  dispose(): void {
    this.stopListening();
    this.item.dispose();
  }
}
