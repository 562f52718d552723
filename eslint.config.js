// One linter for the whole repository. Type-aware rules run through the TypeScript
// project service; shared/ additionally may not import platform or sibling code.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const platformImports = [
  { group: ['electron', 'electron/*'], message: 'shared/ is platform-free: no electron.' },
  { group: ['node:*'], message: 'shared/ is platform-free: no node: modules.' },
  {
    group: ['fs', 'path', 'os', 'child_process', 'better-sqlite3'],
    message: 'shared/ is platform-free: no Node modules.',
  },
  { group: ['react', 'react-dom', 'react/*', '@mui/*'], message: 'shared/ has no UI code.' },
  {
    group: ['**/electron/**', '**/renderer/**', '**/sync-server/**'],
    message: 'shared/ imports nothing from the other top folders.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'dist-web/',
      'coverage/',
      'test-results/',
      'bench/results/',
      '.data/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.shared.json', './tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/**/*.test-util.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: platformImports }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.test-util.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
