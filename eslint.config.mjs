// Lint: TypeScript rules plus the layering the architecture depends on
// (app/ → components/ → lib/, never backwards; no database client in browser code; inside lib/, each
// domain imports only domains on floors below it: scripts/lint/lib-floors.mjs).
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import { libFloorsRule } from './scripts/lint/lib-floors.mjs';

/** Fails when a 'use client' module imports the database client, server-only code or Prisma's generated client. */
const noServerCodeInClient = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { banned: "Client component imports '{{source}}': database and server-only code must stay on the server." },
  },
  create(context) {
    let isClient = false;
    const BANNED = [
      /^@\/lib\/db$/,
      /^@\/generated\//,
      /(^|\/)generated\/prisma/,
      /^@prisma\//,
      /^pg$/,
      /^@\/lib\/auth\/(session|authenticate|options|password)$/,
      /^server-only$/,
    ];
    const check = (node) => {
      const source = node.source?.value;
      if (isClient && typeof source === 'string' && BANNED.some((re) => re.test(source))) {
        context.report({ node, messageId: 'banned', data: { source } });
      }
    };
    return {
      Program(program) {
        const first = program.body[0];
        isClient = first?.type === 'ExpressionStatement' && first.directive === 'use client';
      },
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', 'generated/**', '.data/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    plugins: {
      import: importPlugin,
      layering: { rules: { 'no-server-code-in-client': noServerCodeInClient, 'lib-floors': libFloorsRule } },
    },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'layering/no-server-code-in-client': 'error',
      'layering/lib-floors': 'error',
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './lib', from: './app', message: 'lib/ must not import from app/ (imports go app → components → lib).' },
            { target: './lib', from: './components', message: 'lib/ must not import from components/.' },
            { target: './components', from: './app', message: 'components/ must not import from app/; pass server actions in as props.' },
            {
              target: './components',
              from: './lib/db.ts',
              message: 'components/ must not use the database client; load data in a page and pass it down.',
            },
            // Test-data builders are for tests, e2e, scripts and the demo seed, never for the app itself.
            {
              target: ['./app', './components', './lib/!(builders)/**', './lib/*.ts', './proxy.ts'],
              from: './lib/builders',
              message: 'lib/builders (test data) is for tests, e2e, scripts and the seed only.',
            },
          ],
        },
      ],
    },
  },
);
