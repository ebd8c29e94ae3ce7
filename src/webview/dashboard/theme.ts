// Chart colours and fonts from VS Code's theme variables, so charts look native in
// light, dark and high-contrast themes. Re-read whenever VS Code swaps the theme.

export interface ChartTheme {
  foreground: string;
  muted: string;
  grid: string;
  font: string;
  /** One colour per series, cycled. */
  palette: string[];
}

const PALETTE_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];

const FALLBACK_PALETTE = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

export function readTheme(root: HTMLElement = document.body): ChartTheme {
  const style = getComputedStyle(root);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const family = v('--vscode-font-family', 'sans-serif');
  const size = v('--vscode-font-size', '13px');
  return {
    foreground: v('--vscode-foreground', '#cccccc'),
    muted: v('--vscode-descriptionForeground', '#999999'),
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    font: `${size} ${family}`,
    palette: PALETTE_VARS.map((name, i) => v(name, FALLBACK_PALETTE[i])),
  };
}

export function colorAt(theme: ChartTheme, index: number): string {
  return theme.palette[index % theme.palette.length];
}

/** Calls `onChange` when VS Code switches theme (it rewrites the body class and the root style). */
export function watchTheme(onChange: () => void): () => void {
  let scheduled = false;
  const observer = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
