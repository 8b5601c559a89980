/**
 * `npm start`: one command from a fresh clone to a running app.
 *   - DATABASE_URL unset: starts an embedded PostgreSQL with its data in PREFLAB_DATA_DIR (default .data/).
 *   - applies pending migrations; seeds the demo once (always with the embedded database; with
 *     DATABASE_URL only when PREFLAB_SEED_DEMO=1); prints the demo accounts;
 *   - builds the app when its sources changed since the last build, then serves it (scripts/serve.ts; --dev: next dev).
 * Ctrl-C stops the app, then the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { getStartEnv } from '../lib/env';
import { startEmbeddedPostgres, ensureDatabase, type EmbeddedPostgres } from './lib/embedded-postgres';
import { buildIfNeeded } from './lib/build';
import { deployMigrations, migrationDatabaseUrl } from './lib/migrations';
import { serverNodeOptions } from './lib/server-node-options';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const say = (line: string) => console.log(`[preference-lab] ${line}`);

if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));

/** The session secret every instance sharing this database must agree on: from the environment, or stored in the database. */
async function sharedAuthSecret(databaseUrl: string, fromEnv: string | undefined): Promise<string> {
  if (fromEnv) return fromEnv;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO app_settings (key, value, "updatedAt") VALUES ('nextauth_secret', $1, now()) ON CONFLICT (key) DO NOTHING`,
      [randomBytes(32).toString('base64url')],
    );
    const { rows } = await client.query<{ value: string }>(`SELECT value FROM app_settings WHERE key = 'nextauth_secret'`);
    const secret = rows[0]?.value;
    if (!secret) throw new Error('could not read the stored session secret');
    return secret;
  } finally {
    await client.end();
  }
}

async function main() {
  const env = getStartEnv();
  const dataDir = path.resolve(root, env.PREFLAB_DATA_DIR);
  let embedded: EmbeddedPostgres | undefined;
  const running: { app?: ChildProcess } = {};
  let stopping = false;

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    const { app } = running;
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = new Promise((r) => app.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }
    if (embedded) await embedded.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: env.PREFLAB_PG_PORT,
      passwordFile: path.join(dataDir, 'postgres.password'),
      log: say,
    });
    await ensureDatabase(embedded.adminUrl, 'preference_lab');
    databaseUrl = embedded.urlFor('preference_lab');
  } else {
    say('using the PostgreSQL server in DATABASE_URL');
  }

  // Migrations need a session: DATABASE_DIRECT_URL when DATABASE_URL is a transaction-mode pooler.
  const { applied } = await deployMigrations({ databaseUrl: (embedded ? undefined : migrationDatabaseUrl()) ?? databaseUrl, log: say });
  say(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');

  const secret = await sharedAuthSecret(databaseUrl, env.NEXTAUTH_SECRET);
  const appUrl = env.NEXTAUTH_URL ?? `http://${env.HOSTNAME}:${env.PORT}`;
  Object.assign(process.env, { DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: secret, NEXTAUTH_URL: appUrl });

  const seedDemoData = embedded ? env.PREFLAB_SEED_DEMO !== '0' : env.PREFLAB_SEED_DEMO === '1';
  if (seedDemoData) {
    const { getDb } = await import('../lib/db');
    const { seedDemo, DEMO_ACCOUNTS } = await import('../prisma/seed');
    if (await seedDemo(getDb())) say('seeded the demo project and accounts');
    await getDb().$disconnect();
    say('demo accounts (email / password):');
    for (const a of DEMO_ACCOUNTS) console.log(`    ${a.role.padEnd(10)} ${a.email.padEnd(26)} ${a.password}`);
  }

  if (!dev) buildIfNeeded({ root, log: say });

  const nextBin = path.join(root, 'node_modules', '.bin', 'next');
  // Production: scripts/serve.ts (Next.js behind the labeler API's lane, issue 23) in place of `next start`.
  const [command, args] = dev
    ? [nextBin, ['dev', '-p', String(env.PORT), '-H', env.HOSTNAME]]
    : [process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'serve.ts'), '-p', String(env.PORT), '-H', env.HOSTNAME]];
  const app = spawn(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: dev ? 'development' : 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      ...(dev ? {} : { NODE_OPTIONS: serverNodeOptions() }), // the production server's V8 settings (scripts/lib/server-node-options.ts)
    },
  });
  running.app = app;
  app.once('exit', (code) => {
    if (!stopping) {
      say(`the app exited (code ${code})`);
      void stop(code ?? 1);
    }
  });
  say(`Preference Lab is starting on ${appUrl}  (Ctrl-C stops it)`);
}

main().catch((error: unknown) => {
  console.error(`[preference-lab] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
