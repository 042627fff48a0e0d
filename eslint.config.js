// Folders are runtimes (../shared/ARCHITECTURE.md §2): a cross-runtime import is a lint error.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare module names are matched exactly (`paths`); `patterns` are gitignore-style, so a bare
// 'crypto' there would also forbid our own `../crypto/...` folder.
const NODE_MODULES = ['fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url', 'worker_threads'];
const restrict = (patterns, message, paths = []) => ({
  'no-restricted-imports': [
    'error',
    { paths: paths.map((name) => ({ name, message })), patterns: [{ group: patterns, message }] },
  ],
});

export default tseslint.config(
  { ignores: ['**/*.tmp.ts', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'bench-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict(
      ['electron', 'react', 'react-dom', '**/electron/**', '**/renderer/**', 'node:*', 'fs/*'],
      'shared/ is pure TypeScript for every process: no Node, Electron, React, or either side.',
      NODE_MODULES,
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      ['electron', '**/electron/**', 'node:*', 'fs/*'],
      'renderer/ runs sandboxed: it imports shared/ only and reaches the host through the bridge.',
      NODE_MODULES,
    ),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/window.ts', 'electron/preload.ts', 'electron/ipc/**'],
    rules: restrict(
      ['electron', '**/renderer/**'],
      "Only electron/main.ts, window.ts, preload.ts and ipc/ may import 'electron'; the host runs in plain Node.",
    ),
  },
  {
    files: ['electron/main.ts', 'electron/window.ts', 'electron/preload.ts', 'electron/ipc/**'],
    rules: restrict(['**/renderer/**'], 'electron/ never imports the renderer.'),
  },
  {
    // Tests may read fixtures from disk and print figures; product code may not.
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.test.tsx', 'build/**', '**/*.config.*'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off', 'no-restricted-imports': 'off' },
  },
);
