// @ts-check
import tseslint from 'typescript-eslint';

/** The arrows of DESIGN.md: renderer -> shared <- electron/{main,hosts} -> electron/core -> shared. */
const noImport = (patterns, message) => ['error', { patterns: [{ group: patterns, message }] }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**', 'bench/out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(
        ['**/electron/**', '**/renderer/**', 'electron', 'react', 'react-dom', 'node:*', 'better-sqlite3'],
        'shared/ holds contracts only: no Node, Electron, DOM or app imports.',
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': noImport(
        ['**/electron/**', 'electron', 'node:*', 'better-sqlite3'],
        'The renderer reaches the core only through the contract in shared/ (IPC or HTTP).',
      ),
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(
        ['electron', 'react', 'react-dom', '**/renderer/**', '**/hosts/**', '**/main/**', '**/preload/**'],
        'The core never imports Electron, React or a host.',
      ),
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(['**/core/**', '**/hosts/**', '**/renderer/**', 'node:*'], 'The preload only bridges the contract.'),
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(['**/renderer/**', '**/hosts/**', '**/preload/**'], 'The Electron shell reaches the app only through the core.'),
    },
  },
  {
    files: ['electron/hosts/**/*.ts'],
    rules: {
      'no-restricted-imports': noImport(['electron', '**/renderer/**', '**/main/**'], 'Hosts run without Electron.'),
    },
  },
);
