// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layer rules: the domain knows no framework, SQL or app; the event store knows no domain. */
const appsAndReadSide = [
  'apps/*', '**/apps/**', '@club-ledger/eligibility', '**/libs/eligibility/**', '@club-ledger/notifications', '**/libs/notifications/**',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '**/*.js', '**/*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/graphql', '@nestjs/apollo', 'graphql', 'pg', '@electric-sql/*', 'drizzle-orm*', ...appsAndReadSide],
              message: 'libs/domain stays free of GraphQL, SQL and apps.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/notifications/**/*.ts'],
    ignores: ['libs/notifications/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['apps/*', '**/apps/**', '@club-ledger/eligibility', '**/libs/eligibility/**', '@nestjs/*'],
              message: 'libs/notifications reads events and its own tables: no app, framework or eligibility code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/event-store/**/*.ts'],
    ignores: ['libs/event-store/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@club-ledger/domain', '**/libs/domain/**', '@nestjs/*', ...appsAndReadSide],
              message: 'libs/event-store knows no domain, framework or read side.',
            },
          ],
        },
      ],
    },
  },
);
