/**
 * Database migrations in Prisma's folder format, without Prisma's native schema engine
 * (see scripts/lib/migrations.ts):
 *
 *   tsx scripts/migrate.ts deploy          apply pending migrations to DATABASE_DIRECT_URL, else DATABASE_URL
 *   tsx scripts/migrate.ts create <name>   write a migration for the changes in prisma/schema.prisma
 *   tsx scripts/migrate.ts check           exit 1 when the migrations do not produce prisma/schema.prisma
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkMigrations, createMigration, deployMigrations, migrationDatabaseUrl } from './lib/migrations';
import { findFreePort, startEmbeddedPostgres } from './lib/embedded-postgres';

const root = path.resolve(import.meta.dirname, '..');

const USAGE = `Usage: tsx scripts/migrate.ts <command>

Commands:
  deploy          Apply the pending migrations in prisma/migrations to DATABASE_DIRECT_URL, else
                  DATABASE_URL.
  create <name>   Write prisma/migrations/<timestamp>_<name>/migration.sql with the changes
                  in prisma/schema.prisma since the last migration. Nothing is written when
                  there are none.
  check           Exit 1, printing the missing SQL, when applying every migration does not
                  give exactly the schema in prisma/schema.prisma.

DATABASE_URL is read from the environment (or .env); without it, create and check start a throwaway
PostgreSQL of their own. DATABASE_DIRECT_URL, when set, is used instead: behind a transaction-mode
pooler (DATABASE_POOLER=transaction) DATABASE_URL is the pooler, and migrations need a session of
the primary itself, so DATABASE_DIRECT_URL is then required. create and check leave that database
alone: they create temporary databases on its server and drop them afterwards, so its user
needs the CREATEDB privilege.

npm scripts: db:migrate (deploy), db:migrate:create -- <name>, db:check.`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function main(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || rest.includes('--help')) {
    console.log(USAGE);
    return;
  }
  if (!command) fail(USAGE);
  if (!['deploy', 'create', 'check'].includes(command)) fail(`Unknown command "${command}".\n\n${USAGE}`);
  if (command === 'create' && rest.length !== 1) fail(`create needs exactly one migration name, e.g. add_item_tags.\n\n${USAGE}`);

  // The same .env that `npm start` reads.
  if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
  let databaseUrl: string | undefined;
  try {
    databaseUrl = migrationDatabaseUrl();
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  let scratch: { stop(): Promise<void> } | undefined;
  if (!databaseUrl && command === 'deploy') {
    fail('DATABASE_URL is not set. Set it to a PostgreSQL URL, e.g. postgresql://user:password@localhost:5432/preference_lab');
  }
  if (!databaseUrl) {
    // create and check only need a server for scratch databases: start a throwaway one.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-migrate-'));
    fs.chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await findFreePort() });
    scratch = {
      stop: async () => {
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
    databaseUrl = server.adminUrl;
  }
  try {
    await runCommand(command, rest, databaseUrl);
  } finally {
    await scratch?.stop();
  }
}

async function runCommand(command: string, rest: string[], databaseUrl: string): Promise<void> {
  const started = performance.now();
  if (command === 'deploy') {
    const { applied } = await deployMigrations({ databaseUrl, log: (line) => console.log(line) });
    console.log(applied.length ? `Applied ${applied.length} migration(s) in ${seconds(started)}.` : 'No pending migrations.');
  } else if (command === 'create') {
    const { path: file } = await createMigration({ databaseUrl, name: rest[0] ?? '' });
    console.log(
      file
        ? `Wrote ${path.relative(process.cwd(), file)} (${seconds(started)}). Review it, then apply it with npm run db:migrate.`
        : 'prisma/schema.prisma has no changes since the last migration; nothing written.',
    );
  } else {
    const { inSync, diffSql } = await checkMigrations({ databaseUrl });
    if (inSync) {
      console.log(`Migrations match prisma/schema.prisma (${seconds(started)}).`);
    } else {
      console.error('prisma/schema.prisma has changes that no migration contains. Missing SQL:\n');
      console.log(diffSql.trimEnd());
      fail('\nRun `npm run db:migrate:create -- <name>` to write the migration.');
    }
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
