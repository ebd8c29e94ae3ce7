// Flat config. The pure folders must not import `vscode`: they run in plain
// Node under mocha, in the CLI and in the benchmarks. The layering rules below
// are exported so test/unit/lint.test.ts can run them on test/lint-fixtures.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureFolders = [
  'src/providers/*.ts',
  'src/providers/!(vscode)/**',
  'src/completion/core/**',
  'src/speed/core/**',
  'src/chat/core/**',
  'src/apply/core/**',
  'src/config/core/**',
  'src/onboarding/core/**',
  'src/nextEdit/core/**',
  'src/languageModels/core/**',
  'src/shared/**',
  'src/webview/**',
  'src/cli/**',
];

const noVscode = { name: 'vscode', message: 'This folder is pure: keep `vscode` in the adapter files.' };
// Imports leave a folder through `../`; a path that climbs to src/ and names a feature is one.
const FEATURES = 'apply|chat|completion|config|onboarding|speed';
/** A feature's adapter: a file of the feature outside its core/ (or its index), or the provider layer's VS Code side. */
const featureAdapter = [
  { regex: `^(\\.\\./)+(${FEATURES})(/(?!core(/|$))[^/]+)?$`, message: "A core/ folder may not import a feature's VS Code adapter; depend on a port or on that feature's core/." },
  { regex: '^(\\.\\./)+providers/vscode(/|$)', message: "A core/ folder may not import the provider layer's VS Code side." },
];

/** Who may import what, by folder; each entry is one `no-restricted-imports` setting. */
export const layering = [
  {
    files: pureFolders,
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    // The provider layer (but its VS Code side) talks HTTP and knows no feature.
    files: ['src/providers/*.ts', 'src/providers/!(vscode)/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ regex: `^(\\.\\./)+(${FEATURES}|webview|cli|vscode)(/|$)`, message: 'providers/ imports only shared/ and its own files.' }],
      }],
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ regex: `^(\\.\\./)+(${FEATURES}|providers|webview|cli)(/|$)`, message: 'shared/ imports no feature: move the shared type down into shared/.' }],
      }],
    },
  },
  {
    files: ['src/*/core/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: featureAdapter }] },
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', 'bench/results/**', '**/*.vsix', 'test/lint-fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable',
        __dirname: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      eqeqeq: ['error', 'smart'],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration:not([const=true])', message: 'Use a union of string literals.' }],
    },
  },
  ...layering,
);
