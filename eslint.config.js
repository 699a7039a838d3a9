// ESLint flat config. The boundary blocks below encode DESIGN.md §1 — do not relax.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'util', 'stream', 'zlib', 'worker_threads'];
const nodeModules = [...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`), 'node:*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'test-results/**', 'tmp/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    files: ['electron/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'build/**/*.mjs', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // BOUNDARY (do not relax): shared/ is pure — no Node, no DOM libraries, no Electron, no UI, no I/O.
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodeModules, message: 'shared/ is pure: no Node APIs (DESIGN.md §1).' },
          { group: ['electron', 'electron/*', 'better-sqlite3', 'exceljs', 'react', 'react-dom', 'react/*', 'zustand', 'zustand/*', 'i18next', 'react-i18next'], message: 'shared/ is pure: no I/O, Electron or UI libraries (DESIGN.md §1).' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ may not import from electron/ or renderer/ (DESIGN.md §1).' },
        ],
      }],
    },
  },
  {
    // BOUNDARY (do not relax): the backend runs on plain Node and never imports Electron or the renderer.
    files: ['electron/backend/**/*.ts', 'electron/host/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The backend, HTTP host and CLI never import Electron (DESIGN.md §1).' },
          { group: ['**/renderer/**'], message: 'The backend may not import the renderer (DESIGN.md §1).' },
          { group: ['**/main/**', '**/preload/**'], message: 'The backend may not import Electron hosts (DESIGN.md §1).' },
        ],
      }],
    },
  },
  {
    // BOUNDARY (do not relax): the renderer reaches data only through renderer/api/.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...nodeModules, 'electron', 'electron/*', 'better-sqlite3', 'exceljs'], message: 'The renderer has no Node or Electron access; use renderer/api/ (DESIGN.md §1).' },
          { group: ['**/electron/**'], message: 'The renderer may not import from electron/ (DESIGN.md §1).' },
        ],
      }],
    },
  },
);
