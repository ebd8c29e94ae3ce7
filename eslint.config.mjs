// Flat config. The pure folders must not import `vscode`: they run in plain
// Node under mocha, in the CLI and in the benchmarks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureFolders = [
  'src/providers/**',
  'src/completion/core/**',
  'src/speed/core/**',
  'src/chat/core/**',
  'src/apply/core/**',
  'src/config/core/**',
  'src/onboarding/core/**',
  'src/languageModels/core/**',
  'src/shared/**',
  'src/webview/**',
  'src/cli/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.vscode-test/**', 'bench/results/**', '**/*.vsix'] },
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
  {
    files: pureFolders,
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'This folder is pure: keep `vscode` in the adapter files.' }],
      }],
    },
  },
);
