// Lint: TypeScript rules plus the layering the architecture depends on
// (app/ → components/ → lib/, never backwards; no database client in browser code; inside lib/, each
// domain imports only domains on floors below it: scripts/lint/lib-floors.mjs).
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';
import { libFloorsRule } from './scripts/lint/lib-floors.mjs';
import { noLiteralUiTextRule } from './scripts/lint/no-literal-ui-text.mjs';

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

/**
 * What a labeler sees (issue 31): its text comes from the message catalogue, so hard-coded text fails lint here.
 * Lead, researcher and admin screens may stay English for now (not listed).
 */
const LABELER_UI_FILES = [
  'components/label/**/*.tsx',
  'components/task/**/*.tsx',
  'components/demonstrate/demonstration-screen.tsx',
  'components/perturb/perturb-screen.tsx',
  'components/perturb/change-diff.tsx',
  'components/detect/detect-screen.tsx',
  'components/detect/span-picker.tsx',
  'components/steps/steps-screen.tsx',
  'components/chat/chat-screen.tsx',
  'components/chat/chat-answer.tsx',
  'components/chat/chat-vote.tsx',
  'components/my-work/**/*.tsx',
  'components/auth/**/*.tsx',
  'components/i18n/**/*.tsx',
  'components/layout/**/*.tsx',
  'components/pool/profile-editor.tsx',
  'components/pool/profile-form.tsx',
  'components/pool/profile-statement.tsx',
  'components/pool/clear-profile-form.tsx',
  'components/ui/response-text.tsx',
  'app/(app)/label/**/*.tsx',
  'app/(app)/my-work/**/*.tsx',
  'app/(app)/profile/**/*.tsx',
  'app/(auth)/**/*.tsx',
  'app/layout.tsx',
  'app/error.tsx',
  'app/not-found.tsx',
  'app/forbidden.tsx',
];

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
  {
    files: LABELER_UI_FILES,
    plugins: { i18n: { rules: { 'no-literal-ui-text': noLiteralUiTextRule } } },
    rules: { 'i18n/no-literal-ui-text': 'error' },
  },
);
