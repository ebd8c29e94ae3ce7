// The "Fast Inference" status bar item: copies the StatusController's view onto a
// vscode.StatusBarItem, at a width that does not shrink on every keystroke, with the
// actions that fix the state shown as links in its hover. Clicking it opens the menu
// (fastInference.showMenu).
import * as vscode from 'vscode';
import { actionLinks, StableWidth, statusActions } from './core/statusExtras';
import type { StatusController } from './core/statusController';
import { tooltipMarkdown, type StatusView } from './core/statusModel';

/** What the hover's actions need beyond the view: the failure's kind and the profile it concerns. */
export interface StatusContext {
  errorKind?: string;
  profileId?: string;
}

const HOVER_COMMANDS = [
  'fastInference.addProfile',
  'fastInference.setApiKey',
  'fastInference.pickModel',
  'fastInference.testConnection',
  'fastInference.selectCompletionProvider',
];

export const STATUS_ITEM_ID = 'fastInference.status';

export class SpeedStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly stopListening: { dispose(): unknown };
  private lastTooltip = '';
  private readonly width = new StableWidth();

  constructor(
    controller: StatusController,
    private readonly context: () => StatusContext = () => ({}),
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Fast Inference';
    this.item.command = 'fastInference.showMenu';
    this.stopListening = controller.onView((view) => this.apply(view));
    this.apply(controller.view);
    this.item.show();
  }

  /** What the item shows now, without the padding that keeps its width (for tests and the log). */
  get text(): string {
    return this.item.text.trimEnd();
  }

  private apply(view: StatusView): void {
    const { errorKind, profileId } = this.context();
    // The width is kept per provider and model shown (the tooltip's title names both).
    this.item.text = this.width.pad(view.text, view.tooltip.title);
    this.item.backgroundColor =
      view.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    // Rebuilding the tooltip ten times a second while it is open makes it flicker; skip equal ones.
    const markdown = `${tooltipMarkdown(view.tooltip)}\n\n${actionLinks(statusActions(view, errorKind, profileId))}`;
    if (markdown !== this.lastTooltip) {
      this.lastTooltip = markdown;
      const tooltip = new vscode.MarkdownString(markdown);
      tooltip.supportHtml = false;
      // Only the fixing commands may run from the hover's links, and only with the arguments written here.
      tooltip.isTrusted = { enabledCommands: HOVER_COMMANDS };
      this.item.tooltip = tooltip;
    }
    const plainText = view.text.replace(/\$\([^)]*\)\s*/g, '');
    this.item.accessibilityInformation = { label: `Fast Inference: ${plainText}`, role: 'button' };
  }

  dispose(): void {
    this.stopListening.dispose();
    this.item.dispose();
  }
}
