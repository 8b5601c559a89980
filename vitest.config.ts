import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // server-only throws outside React Server Components; lib code is tested directly here.
      { find: /^server-only$/, replacement: path.join(root, 'tests/helpers/empty.ts') },
      // next-intl's server functions throw outside Next's server components: English in UTC here (tests/helpers/next-intl-server.ts).
      { find: /^next-intl\/server$/, replacement: path.join(root, 'tests/helpers/next-intl-server.ts') },
    ],
  },
  test: {
    pool: 'forks',
    // Two cores: run two files at a time.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'scripts/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/helpers/global-setup.ts'],
          setupFiles: ['tests/helpers/database-per-file.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
