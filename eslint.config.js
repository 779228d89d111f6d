// ESLint flat config: typescript-eslint's recommended type-aware rules plus the project's rules of thumb.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

import { mlpilotPlugin } from './eslint-rules/index.js';

/** The edges (DESIGN.md §2): the only code that prints, exits, reads the environment or reads the clock. */
const EDGES = ['src/cli/**', 'src/server/**', 'src/index.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**', '.mlpilot/**', 'src/ui/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Prettier formats code to 140 columns (.prettierrc.json, checked by npm run lint); this catches the comments and
    // long identifiers chains it leaves alone. String and template literals may run longer rather than be split.
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md).' }],
    },
  },
  {
    // Only the edges print, exit the process or read the environment (DESIGN.md §2).
    files: ['src/**/*.ts'],
    ignores: EDGES,
    rules: {
      'no-console': 'error',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli may exit the process.' },
        { object: 'process', property: 'env', message: 'Only the edges read the environment; inject config.' },
      ],
    },
  },
  {
    // Only the edges read the wall clock or a timer; everything else takes a Clock / MonotonicClock, whose one
    // real implementation each lives in src/core/clock.ts (docs/architecture.md).
    files: ['src/**/*.ts'],
    ignores: [...EDGES, 'src/core/clock.ts'],
    plugins: { mlpilot: mlpilotPlugin },
    rules: { 'mlpilot/no-wall-clock': 'error' },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/core/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md).' },
        {
          selector: "ThrowStatement > NewExpression[callee.name='Error']",
          message: 'Throw an error from the catalog (src/core/errors), not a bare Error.',
        },
      ],
    },
  },
  // Tool config files must default-export their config.
  { files: ['*.config.ts'], rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable', URL: 'readonly' } },
  },
);
