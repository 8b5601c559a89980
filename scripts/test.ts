/**
 * `npm test`: every check, in order, against real parts.
 *   1. formatting (prettier --check), lint (layering and lib-floor rules included) and typecheck
 *   2. one embedded PostgreSQL in a temporary folder on a free port (or TEST_DATABASE_ADMIN_URL's server)
 *   3. prisma/schema.prisma and prisma/migrations agree
 *   4. Vitest: unit and integration tests (a fresh database per integration test file)
 *   5. the production build served by scripts/serve.ts (as `npm start`), and Playwright in Chromium against it
 *   6. reliability at reduced size (scripts/reliability/run.ts): two app instances, one killed and
 *      PostgreSQL restarted under load; acknowledged submits exactly once (skipped with --grep);
 *      every app connection through PgBouncer in transaction mode (--pooler; Debian's pgbouncer)
 * Prints one closing line: "tests: N passed, N failed, N skipped".
 *   --only unit|integration|e2e|reliability   run one suite (and what it needs)
 *   --skip-static                 skip formatting, lint and typecheck
 *   --grep PATTERN                only tests whose name matches (Vitest -t and Playwright --grep)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfNeeded } from './lib/build';
import { ensureChromium } from './lib/chromium';
import { ensureDebianPackages } from './lib/debian-packages';
import { ensureDatabase, findFreePort, startEmbeddedPostgres, type EmbeddedPostgres } from './lib/embedded-postgres';
import { checkMigrations, deployMigrations } from './lib/migrations';
import { serverNodeOptions } from './lib/server-node-options';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const say = (line: string) => console.log(`\n[test] ${line}`);

const { values: flags } = parseArgs({
  options: { only: { type: 'string' }, grep: { type: 'string' }, 'skip-static': { type: 'boolean', default: false } },
  allowPositionals: false,
});
const only = flags.only;
if (only && !['unit', 'integration', 'e2e', 'reliability'].includes(only)) {
  console.error(`--only must be unit, integration, e2e or reliability (got "${only}")`);
  process.exit(2);
}
const wants = (suite: string) => !only || only === suite;

type Counts = { passed: number; failed: number; skipped: number };
const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

/**
 * Time limits, so that a hang anywhere ends as a named failure, never as a run that outlives CI's
 * 90 minutes: each step has its own (a few times its usual length on a 2-core machine), and the
 * whole run has one.
 */
const LIMIT_MINUTES = { format: 5, lint: 10, typecheck: 10, vitest: 25, playwright: 30, reliability: 12, all: 80 } as const;

/** Children running a step, each leading its own process group (so a stop reaches its children too). */
const running = new Set<ChildProcess>();
/** The app the browser tests run against: it writes to our stdout, so it must not outlive us. */
let e2eApp: ChildProcess | undefined;
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of running) killGroup(child, 'SIGTERM');
    e2eApp?.kill('SIGTERM');
    process.exit(130);
  });
}
setTimeout(() => {
  console.error(`\n[test] the whole run is over its ${LIMIT_MINUTES.all}-minute limit: stopping it`);
  for (const child of running) killGroup(child, 'SIGKILL');
  e2eApp?.kill('SIGKILL');
  console.log('\ntests: 0 passed, 1 failed (time limit)');
  process.exit(1);
}, LIMIT_MINUTES.all * 60_000).unref();

/** Runs one step to its end, or until its time limit (then its whole process group is killed and the step fails, saying so). */
async function step(
  name: string,
  limitMinutes: number,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<boolean> {
  say(name);
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...env },
    detached: true,
  });
  running.add(child);
  const timer = setTimeout(() => {
    console.error(`\n[test] ${name}: still running after ${limitMinutes} minutes; stopped (its process group killed)`);
    killGroup(child, 'SIGKILL');
  }, limitMinutes * 60_000);
  const code = await new Promise<number>((resolve) => {
    child.once('error', (error) => {
      console.error(`[test] ${name}: could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  });
  clearTimeout(timer);
  running.delete(child);
  if (code !== 0) failures.push(name);
  return code === 0;
}

function addVitestCounts(file: string): void {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

type PlaywrightSuite = {
  title: string;
  suites?: PlaywrightSuite[];
  specs?: { title: string; file: string; line: number; tests: { status: string }[] }[];
};

/** Titles of the tests Playwright marked flaky: failed, then passed on its one retry. */
function flakyTitles(suites: PlaywrightSuite[], parents: string[] = []): string[] {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? [])
      .filter((spec) => spec.tests.some((t) => t.status === 'flaky'))
      .map((spec) => `${spec.file}:${spec.line} › ${[...parents, suite.title, spec.title].filter(Boolean).slice(1).join(' › ')}`),
    ...flakyTitles(suite.suites ?? [], [...parents, suite.title]),
  ]);
}

/** A flaky test counts as passed but is named in the closing lines, so a retry never hides it. */
const flaky: string[] = [];

function addPlaywrightCounts(file: string): void {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
    suites?: PlaywrightSuite[];
  };
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
  flaky.push(...flakyTitles(r.suites ?? []));
}

async function waitForHealth(url: string, app: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (app.exitCode !== null || app.signalCode !== null)
      throw new Error(`the app exited (${app.exitCode ?? app.signalCode}) before it was ready`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app did not become healthy at ${url}`);
}

async function main(): Promise<number> {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-reports-'));

  if (!flags['skip-static'] && !only) {
    await step('format (prettier --check; `npm run format` fixes)', LIMIT_MINUTES.format, bin('prettier'), [
      '--check',
      '--log-level',
      'warn',
      '.',
    ]);
    await step('lint (eslint, layering rules)', LIMIT_MINUTES.lint, bin('eslint'), ['.', '--max-warnings', '0']);
    await step('typecheck (tsc)', LIMIT_MINUTES.typecheck, bin('tsc'), ['--noEmit', '-p', '.']);
  }

  if (wants('integration') || wants('reliability')) ensureDebianPackages(say);
  const chromium = wants('e2e') ? ensureChromium(say) : undefined;
  if (chromium) say(`Chromium: ${chromium.executablePath ?? "Playwright's own build"} (${chromium.source})`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-test-'));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as an unprivileged user when we are root
  let pg: EmbeddedPostgres | undefined;
  try {
    const external = process.env.TEST_DATABASE_ADMIN_URL;
    if (external) {
      say('using the PostgreSQL server in TEST_DATABASE_ADMIN_URL');
      pg = {
        adminUrl: external,
        port: 0,
        dataDir: '',
        urlFor: (db) => external.replace(/\/[^/?]+(\?|$)/, `/${db}$1`),
        stop: async () => undefined,
      };
    } else {
      say('starting PostgreSQL for the tests');
      pg = await startEmbeddedPostgres({
        dataDir: path.join(tmp, 'pgdata'),
        port: await findFreePort(),
        log: (l) => console.log(`[test] ${l}`),
      });
    }

    if (!only) {
      say('migrations agree with prisma/schema.prisma');
      const check = await checkMigrations({ databaseUrl: pg.adminUrl });
      if (check.inSync) console.log('schema and migrations are in sync');
      else {
        console.error(
          `prisma/schema.prisma differs from prisma/migrations; create a migration (npm run db:migrate:create -- <name>). Difference:\n${check.diffSql}`,
        );
        failures.push('migration check');
      }
    }

    const projects =
      only === 'unit'
        ? ['unit']
        : only === 'integration'
          ? ['integration']
          : only === 'e2e' || only === 'reliability'
            ? []
            : ['unit', 'integration'];
    if (projects.length > 0) {
      const out = path.join(reports, 'vitest.json');
      await step(
        `vitest (${projects.join(', ')})`,
        LIMIT_MINUTES.vitest,
        bin('vitest'),
        [
          'run',
          ...projects.flatMap((p) => ['--project', p]),
          ...(flags.grep ? ['-t', flags.grep] : []),
          '--reporter=default',
          '--reporter=json',
          `--outputFile.json=${out}`,
        ],
        { TEST_DATABASE_ADMIN_URL: pg.adminUrl },
      );
      addVitestCounts(out);
    }

    if (wants('e2e')) {
      say('end-to-end: database, build, app');
      const database = `preflab_e2e_${randomBytes(4).toString('hex')}`;
      await ensureDatabase(pg.adminUrl, database);
      const databaseUrl = pg.urlFor(database);
      await deployMigrations({ databaseUrl });
      buildIfNeeded({ root, log: (l) => console.log(`[test] ${l}`) });
      const port = await findFreePort();
      const baseUrl = `http://127.0.0.1:${port}`;
      // The single sign-on tests' OpenID Provider (e2e/sso.spec.ts): the app reads its issuer at start.
      const { E2E_OIDC_ENV, startOidcProvider } = await import('../tests/helpers/oidc-provider');
      const idp = await startOidcProvider({ redirectUris: [`${baseUrl}/api/auth/callback/oidc`] });
      // Snapshot bytes go to an S3-compatible store (s3rver, issue 29) in the end-to-end run: the export specs prove that path
      // through the browser; the integration suite covers the default (PostgreSQL chunks).
      const { S3RVER_CREDENTIALS, startS3Server } = await import('../tests/helpers/s3-server');
      const s3 = await startS3Server();
      const appEnv = {
        ...idp.env,
        ...E2E_OIDC_ENV,
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
        NEXTAUTH_URL: baseUrl,
        NODE_ENV: 'production' as const,
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'warn',
        // The test's Chat Completions server (tests/helpers/chat-server.ts) listens on loopback.
        MODEL_ALLOW_PRIVATE_HOSTS: 'true',
        SNAPSHOT_STORE_URL: s3.storeUrl('e2e'),
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      };
      // The server `npm start` runs (scripts/serve.ts: Next.js behind the labeler API's lane), so every test exercises the lane.
      const app = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'scripts', 'serve.ts'), '-p', String(port), '-H', '127.0.0.1'],
        {
          cwd: root,
          stdio: 'inherit',
          env: { ...process.env, ...appEnv, NODE_OPTIONS: serverNodeOptions() }, // as npm start runs it
        },
      );
      e2eApp = app;
      try {
        await waitForHealth(baseUrl, app);
        const out = path.join(reports, 'playwright.json');
        await step(
          'playwright (Chromium)',
          LIMIT_MINUTES.playwright,
          bin('playwright'),
          ['test', ...(flags.grep ? ['--grep', flags.grep] : [])],
          {
            ...appEnv,
            NODE_ENV: 'test',
            E2E_BASE_URL: baseUrl,
            CHROMIUM_PATH: chromium?.executablePath ?? '',
            PLAYWRIGHT_JSON_OUTPUT_NAME: out,
          },
        );
        addPlaywrightCounts(out);
        // Specs that flip an instance-wide switch (e2e/sso-password-off.spec.ts) run alone, after all the others.
        const after = path.join(reports, 'playwright-after.json');
        await step(
          'playwright (Chromium, instance-wide switches)',
          LIMIT_MINUTES.playwright,
          bin('playwright'),
          ['test', '--project', 'chromium-after', '--pass-with-no-tests', ...(flags.grep ? ['--grep', flags.grep] : [])],
          {
            ...appEnv,
            NODE_ENV: 'test',
            E2E_BASE_URL: baseUrl,
            CHROMIUM_PATH: chromium?.executablePath ?? '',
            PLAYWRIGHT_JSON_OUTPUT_NAME: after,
            E2E_AFTER: '1',
          },
        );
        addPlaywrightCounts(after);
      } finally {
        // SIGTERM lets `next start` finish open requests; one that never ends must not hold the run.
        const exited = new Promise((r) => (app.exitCode !== null || app.signalCode !== null ? r(null) : app.once('exit', r)));
        app.kill('SIGTERM');
        const stopped = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
        if (!stopped) {
          console.error('[test] the app had not exited 20 s after SIGTERM: killed');
          app.kill('SIGKILL');
          await exited;
        }
        await idp.close();
        await s3.close();
      }
    }

    if (only === 'reliability' || (!only && !flags.grep)) {
      // Its own embedded PostgreSQL (it restarts it); on an external server, a fresh database there (not restarted).
      let databaseUrl = '';
      if (process.env.TEST_DATABASE_ADMIN_URL) {
        const database = `preflab_reliability_${randomBytes(4).toString('hex')}`;
        await ensureDatabase(pg.adminUrl, database);
        databaseUrl = pg.urlFor(database);
      }
      const ok = await step(
        'reliability (reduced): two app instances through PgBouncer (transaction mode), SIGKILL + PostgreSQL restart under load',
        LIMIT_MINUTES.reliability,
        bin('tsx'),
        // Through the pooler (issue 29): the direct connections are what every other suite uses.
        ['scripts/reliability/run.ts', '--size', 'reduced', '--pooler'],
        { DATABASE_URL: databaseUrl },
      );
      totals[ok ? 'passed' : 'failed'] += 1;
    }
  } finally {
    await pg?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(reports, { recursive: true, force: true });
  }

  if (flaky.length > 0)
    console.error(`\n[test] flaky (failed once, passed on the retry), to fix:\n${flaky.map((t) => `  ${t}`).join('\n')}`);
  if (failures.length > 0) console.error(`\n[test] failed steps: ${failures.join('; ')}`);
  console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  return failures.length > 0 || totals.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[test] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    console.log('\ntests: 0 passed, 1 failed');
    process.exit(1);
  },
);
