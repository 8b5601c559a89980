import { defineConfig, devices } from '@playwright/test';
import { SYSTEM_CHROMIUM_ARGS } from './scripts/lib/chromium';

// Started by `npm test` / `npm run test:e2e` (scripts/test.ts), which builds and serves the app
// against a fresh database and finds a Chromium.
const baseURL = process.env.E2E_BASE_URL;
if (!baseURL) throw new Error('E2E_BASE_URL is not set: run the browser tests with `npm run test:e2e`');
const executablePath = process.env.CHROMIUM_PATH || undefined;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: true,
  workers: 2,
  // One retry: a test that fails and then passes is reported as flaky and named at the end of
  // `npm test` (scripts/test.ts), to be fixed; one that fails twice fails the run.
  retries: 1,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: executablePath ? { executablePath, args: SYSTEM_CHROMIUM_ARGS } : {},
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: /sso-password-off\.spec\.ts/ },
    // Specs that flip an instance-wide switch (password sign-in off would refuse the other specs' sign-ins):
    // scripts/test.ts runs them alone, after the others, with E2E_AFTER=1.
    ...(process.env.E2E_AFTER === '1'
      ? [{ name: 'chromium-after', use: { ...devices['Desktop Chrome'] }, testMatch: /sso-password-off\.spec\.ts/ }]
      : []),
  ],
});
