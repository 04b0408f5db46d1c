// Lint rules that keep workflow code deterministic and promises handled.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', '.data/', 'coverage/', 'test-results/', 'client/web/static/vendor/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Workflow code is replayed: it may import only the workflow SDK, other workflow files, and types.
  workflowImports('workflows/*.ts', '../'),
  workflowImports('workflows/*/**/*.ts', '../../'),
  // The layers: the database and the activities serve every client (API, CLI, workers) and know none of them.
  layerImports(
    ['db/**/*.ts', 'activities/**/*.ts'],
    'client',
    'db/ and activities/ may not import from client/.',
  ),
  {
    // Migrations are frozen in time: they see the database as untyped (Kysely<any>), never the live schema.
    files: ['db/migrations/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // CommonJS for what jest loads without a transform (its configs, the reporter).
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

/** The import rule for workflow files at one depth: `up` is the relative path that leaves workflows/. */
function workflowImports(files, up) {
  const esc = up.replace(/[./]/g, (c) => `\\${c}`);
  return {
    files: [files],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not deterministic.' })),
          patterns: [
            {
              regex: `^(?!@temporalio/(workflow|common)(/.*)?$|\\.|${esc}activities)`,
              message:
                'Workflow code may import only @temporalio/workflow, @temporalio/common and workflow files.',
            },
            {
              regex: `^${esc}(?!activities)`,
              message: 'Workflow code may not import code from outside workflows/.',
            },
            {
              regex: `^${esc}activities`,
              allowTypeImports: true,
              message: 'Import activities into a workflow with `import type` only.',
            },
          ],
        },
      ],
    },
  };
}

/** Forbids `files` to import anything under the top-level folder `dir`, at any relative depth. */
function layerImports(files, dir, message) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: `^(\\.\\./)+${dir}(/|$)`, message }] },
      ],
    },
  };
}
