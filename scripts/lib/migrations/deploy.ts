/**
 * `prisma migrate deploy` in plain `pg`: applies prisma/migrations/* and keeps `_prisma_migrations`
 * exactly as Prisma does, so either tool can take over from the other.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_MIGRATIONS_DIR, errorMessage, matchesChecksum, readLocalMigrations, type LocalMigration } from './folder';

/** Prisma's own number for its migration lock, so we also exclude a concurrent `prisma migrate`. */
const MIGRATE_ADVISORY_LOCK = 72707369;

/** Verbatim from the schema engine, so the table is identical whichever tool creates it. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

type AppliedRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  logs: string | null;
};

export type DeployOptions = {
  databaseUrl: string;
  migrationsDir?: string;
  log?: (line: string) => void;
};

export async function deployMigrations({
  databaseUrl,
  migrationsDir = DEFAULT_MIGRATIONS_DIR,
  log = () => {},
}: DeployOptions): Promise<{ applied: string[] }> {
  const migrations = await readLocalMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await acquireMigrationLock(client, log);
    const history = await readMigrationHistory(client);
    assertHistoryIsHealthy(history, migrations);
    const done = new Set(history.filter((row) => row.rolled_back_at === null).map((row) => row.migration_name));
    const pending = migrations.filter((migration) => !done.has(migration.name));
    for (const migration of pending) {
      log(`applying migration ${migration.name}`);
      await applyMigration(client, migration);
    }
    return { applied: pending.map((migration) => migration.name) };
  } finally {
    // Ending the session also releases the advisory lock.
    await client.end();
  }
}

/** Waits for any other instance (or `prisma migrate`) that is migrating this database. */
async function acquireMigrationLock(client: pg.Client, log: (line: string) => void): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATE_ADVISORY_LOCK]);
  if (rows[0]?.locked) return;
  log('another process is migrating this database; waiting for it to finish');
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_ADVISORY_LOCK]);
}

/** Reads `_prisma_migrations`, creating it first on a database that Prisma has never migrated. */
async function readMigrationHistory(client: pg.Client): Promise<AppliedRow[]> {
  const { rows: exists } = await client.query<{ found: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS found`);
  if (!exists[0]?.found) {
    await assertSchemaIsEmpty(client);
    await client.query(CREATE_MIGRATIONS_TABLE);
    return [];
  }
  const { rows } = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM _prisma_migrations ORDER BY started_at',
  );
  return rows;
}

/** Like Prisma (P3005): migrations must not be applied on top of tables they did not create. */
async function assertSchemaIsEmpty(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname LIMIT 5`,
  );
  if (rows.length > 0) {
    throw new Error(
      `The database schema is not empty (tables: ${rows.map((row) => row.relname).join(', ')}) and has no ` +
        '_prisma_migrations table, so it was not created by these migrations. Baseline it first: https://pris.ly/d/migrate-baseline',
    );
  }
}

function assertHistoryIsHealthy(history: AppliedRow[], migrations: LocalMigration[]): void {
  // A failed migration may have been partly applied by `prisma migrate deploy` (ours roll back):
  // a person must decide, as with Prisma's P3009.
  const failed = history.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    const logs = failed.logs?.trim() ? `:\n${failed.logs.trim()}` : '';
    throw new Error(
      `Migration ${failed.migration_name} (started ${failed.started_at.toISOString()}) is recorded as failed${logs}\n` +
        'No migrations were applied. Fix the database, then mark it with `prisma migrate resolve --rolled-back` or ' +
        '`--applied` (https://pris.ly/d/migrate-resolve).',
    );
  }
  const byName = new Map(migrations.map((migration) => [migration.name, migration]));
  for (const row of history) {
    const local = byName.get(row.migration_name);
    if (row.rolled_back_at !== null || local?.sql == null) continue;
    if (!matchesChecksum(local.sql, row.checksum)) {
      throw new Error(
        `Migration ${row.migration_name} was modified after it was applied to this database (checksum mismatch). ` +
          'Restore the original migration.sql and put further changes in a new migration.',
      );
    }
  }
}

/** Script and bookkeeping commit together: a failing migration leaves neither changes nor a record. */
async function applyMigration(client: pg.Client, migration: LocalMigration): Promise<void> {
  if (migration.sql === null || migration.checksum === null) {
    throw new Error(`Migration ${migration.name} has no migration.sql`);
  }
  const startedAt = new Date();
  // Not lib/db's withTransaction: the migration runner must work before the app's env exists (one pg.Client, no app pool).
  await client.query('BEGIN');
  try {
    // No parameters: pg sends the whole script as one simple query, as Prisma does.
    await client.query(migration.sql);
    await client.query(
      `INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, $4, $5, 1)`,
      [randomUUID(), migration.checksum, new Date(), migration.name, startedAt],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new Error(`Migration ${migration.name} failed and was rolled back: ${errorMessage(error)}`, { cause: error });
  }
}
