import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import tseslint from 'typescript-eslint';

const config = [
  { ignores: ['.next/**', 'node_modules/**', '.data/**', '.data-*/**', 'db/migrations/**', 'next-env.d.ts'] },
  ...nextVitals,
  ...nextTs,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // An un-awaited permission check is always truthy: make that a build error.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // app/ stays thin: data access goes through lib/, which enforces authorization.
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/db', '@/db/**'], allowTypeImports: true, message: 'Use lib/ (queries and mutations that check access).' },
            { group: ['drizzle-orm', 'drizzle-orm/*'], message: 'No SQL in app/: use lib/.' },
          ],
        },
      ],
    },
  },
];

export default config;
