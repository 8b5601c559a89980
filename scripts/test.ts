/**
 * `npm test`: every check, in order, against real parts.
 *   1. lint (layering rules included) and typecheck
 *   2. one embedded PostgreSQL in a temporary folder on a free port (or TEST_DATABASE_ADMIN_URL's server)
 *   3. prisma/schema.prisma and prisma/migrations agree
 *   4. Vitest: unit and integration tests (a fresh database per integration test file)
 *   5. the production build served by `next start`, and Playwright in Chromium against it
 *   6. reliability at reduced size (scripts/reliability/run.ts): two app instances, one killed and
 *      PostgreSQL restarted under load; acknowledged submits exactly once (skipped with --grep)
 * Prints one closing line: "tests: N passed, N failed, N skipped".
 *   --only unit|integration|e2e|reliability   run one suite (and what it needs)
 *   --skip-static                 skip lint and typecheck
 *   --grep PATTERN                only tests whose name matches (Vitest -t and Playwright --grep)
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfNeeded } from './lib/build';
import { ensureChromium } from './lib/chromium';
import { ensureDatabase, findFreePort, startEmbeddedPostgres, type EmbeddedPostgres } from './lib/embedded-postgres';
import { checkMigrations, deployMigrations } from './lib/migrations';

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

function step(name: string, command: string, args: string[], env: Record<string, string> = {}): boolean {
  say(name);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(name);
  return result.status === 0;
}

function addVitestCounts(file: string): void {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
}

function addPlaywrightCounts(file: string): void {
  if (!fs.existsSync(file)) return;
  const r = JSON.parse(fs.readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
}

async function waitForHealth(url: string, app: ReturnType<typeof spawn>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (app.exitCode !== null || app.signalCode !== null) throw new Error(`the app exited (${app.exitCode ?? app.signalCode}) before it was ready`);
    try {
      const res = await fetch(`${url}/api/health`);
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
    step('lint (eslint, layering rules)', bin('eslint'), ['.', '--max-warnings', '0']);
    step('typecheck (tsc)', bin('tsc'), ['--noEmit', '-p', '.']);
  }

  const chromium = wants('e2e') ? ensureChromium(say) : undefined;
  if (chromium) say(`Chromium: ${chromium.executablePath ?? "Playwright's own build"} (${chromium.source})`);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-test-'));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as an unprivileged user when we are root
  let pg: EmbeddedPostgres | undefined;
  try {
    const external = process.env.TEST_DATABASE_ADMIN_URL;
    if (external) {
      say('using the PostgreSQL server in TEST_DATABASE_ADMIN_URL');
      pg = { adminUrl: external, port: 0, dataDir: '', urlFor: (db) => external.replace(/\/[^/?]+(\?|$)/, `/${db}$1`), stop: async () => undefined };
    } else {
      say('starting PostgreSQL for the tests');
      pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'pgdata'), port: await findFreePort(), log: (l) => console.log(`[test] ${l}`) });
    }

    if (!only) {
      say('migrations agree with prisma/schema.prisma');
      const check = await checkMigrations({ databaseUrl: pg.adminUrl });
      if (check.inSync) console.log('schema and migrations are in sync');
      else {
        console.error(`prisma/schema.prisma differs from prisma/migrations; create a migration (npm run db:migrate:create -- <name>). Difference:\n${check.diffSql}`);
        failures.push('migration check');
      }
    }

    const projects = only === 'unit' ? ['unit'] : only === 'integration' ? ['integration'] : only === 'e2e' || only === 'reliability' ? [] : ['unit', 'integration'];
    if (projects.length > 0) {
      const out = path.join(reports, 'vitest.json');
      step(
        `vitest (${projects.join(', ')})`,
        bin('vitest'),
        ['run', ...projects.flatMap((p) => ['--project', p]), ...(flags.grep ? ['-t', flags.grep] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${out}`],
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
      const appEnv = {
        DATABASE_URL: databaseUrl,
        NEXTAUTH_SECRET: randomBytes(32).toString('hex'),
        NEXTAUTH_URL: baseUrl,
        NODE_ENV: 'production' as const,
        NEXT_TELEMETRY_DISABLED: '1',
        LOG_LEVEL: 'warn',
      };
      const app = spawn(bin('next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: root, stdio: 'inherit', env: { ...process.env, ...appEnv } });
      try {
        await waitForHealth(baseUrl, app);
        const out = path.join(reports, 'playwright.json');
        step('playwright (Chromium)', bin('playwright'), ['test', ...(flags.grep ? ['--grep', flags.grep] : [])], {
          ...appEnv,
          NODE_ENV: 'test',
          E2E_BASE_URL: baseUrl,
          CHROMIUM_PATH: chromium?.executablePath ?? '',
          PLAYWRIGHT_JSON_OUTPUT_NAME: out,
        });
        addPlaywrightCounts(out);
      } finally {
        app.kill('SIGTERM');
        await new Promise((r) => (app.exitCode !== null || app.signalCode !== null ? r(null) : app.once('exit', r)));
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
      const ok = step('reliability (reduced): two app instances, SIGKILL + PostgreSQL restart under load', bin('tsx'), ['scripts/reliability/run.ts', '--size', 'reduced'], { DATABASE_URL: databaseUrl });
      totals[ok ? 'passed' : 'failed'] += 1;
    }
  } finally {
    await pg?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.rmSync(reports, { recursive: true, force: true });
  }

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
