// Two bundles: the extension host (node, cjs, `vscode` external) and the
// webview scripts (browser, iife). `--production` minifies, `--watch` rebuilds.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Logs build start and end so the VS Code problem matcher in tasks.json can follow watch mode. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  // Watch mode reports each rebuild for tasks.json's problem matcher; a one-off build says nothing until it is done.
  plugins: watch ? [problemMatcherPlugin] : [],
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: {
      chat: 'src/webview/chat/main.ts',
      dashboard: 'src/webview/dashboard/main.ts',
    },
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    loader: { '.ttf': 'file' },
  },
];

async function main() {
  // A production build starts from an empty dist/ so no stale source maps reach the VSIX.
  if (production) require('fs').rmSync('dist', { recursive: true, force: true });
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  console.log(`${production ? 'production ' : ''}build finished: dist/extension.js, dist/webview/`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
