import { defineConfig } from 'eslint/config';
import tsPlugin from '@typescript-eslint/eslint-plugin';
import baseConfig from './.config/eslint.config.mjs';

export default defineConfig([
  {
    ignores: [
      // rules/ is data (YAML + CEL): the catalog loader and its tests check it.
      'rules/',
      '.ci/',
      '**/logs',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  // The sidecar, its CLI and the benchmarks: Node ESM TypeScript, no React. typescript-eslint's
  // recommended rules plus the type-aware checks that catch real bugs in async server code (a promise
  // nobody awaits, a promise where a callback is expected); the full type-checked preset costs more
  // than it finds here.
  ...tsPlugin.configs['flat/recommended'].map((config) => ({ ...config, files: ['server/**/*.ts', 'bench/**/*.mts'] })),
  {
    files: ['server/**/*.ts', 'bench/**/*.mts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      // Prettier wraps code at 120 columns; this catches what it cannot wrap (comments). Long strings,
      // templates, regular expressions and URLs stay whole on purpose: split, they are harder to grep.
      // Express knows an error handler by its four parameters; `_` marks the ones a function must declare.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // The Grafana preset's house style for the plugin; the sidecar's style is Prettier's alone.
      curly: 'off',
      '@typescript-eslint/array-type': 'off',
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
    },
  },
  {
    // Tests read loosely typed JSON from the REST API and the CLI.
    files: ['server/**/*.test.ts', 'server/test/**/*.ts', 'server/grafana/test-support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
]);
