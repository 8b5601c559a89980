/**
 * scripts/lib/migrations.ts against a real PostgreSQL: TEST_DATABASE_ADMIN_URL, a superuser URL
 * of a server where this file creates and drops its own databases (or, under the project's
 * vitest config, the server its global setup provides). The repository's prisma/ folder is only
 * read; changed schemas and migration folders are temporary copies.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkMigrations, createMigration, deployMigrations } from '../../scripts/lib/migrations';

const ROOT = path.resolve(import.meta.dirname, '../..');
const REPO_MIGRATIONS = path.join(ROOT, 'prisma/migrations');
const REPO_SCHEMA = path.join(ROOT, 'prisma/schema.prisma');
const ENGINE_TIMEOUT = 60_000;

const EXTRA_MODEL = `
model Extra {
  id     Int    @id @default(autoincrement())
  /// A ";" inside a literal must survive the shadow database.
  label  String @default("a;b")
  userId String @db.Uuid

  @@index([userId])
  @@map("extras")
}
`;

const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? inject('adminUrl');
let admin: pg.Client;
let tmp: string;
const databases: string[] = [];

function urlFor(database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function freshDatabase(): Promise<string> {
  const name = `migrations_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  databases.push(name);
  return urlFor(name);
}

async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

async function scratchDatabaseNames(): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_%'`);
  return rows.map((row) => row.datname);
}

/** A writable copy of the repository's migrations folder. */
async function copyOfMigrations(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(tmp, 'migrations-'));
  await fs.cp(REPO_MIGRATIONS, dir, { recursive: true });
  return dir;
}

async function addMigration(migrationsDir: string, name: string, sql: string): Promise<void> {
  await fs.mkdir(path.join(migrationsDir, name));
  await fs.writeFile(path.join(migrationsDir, name, 'migration.sql'), sql);
}

const repoMigrationNames = async () =>
  (await fs.readdir(REPO_MIGRATIONS, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

beforeAll(async () => {
  if (!adminUrl) throw new Error('Set TEST_DATABASE_ADMIN_URL to a superuser URL of a PostgreSQL server for these tests.');
  admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'preflab-migrations-test-'));
});

afterAll(async () => {
  for (const name of databases) await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin?.end();
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});

describe('deployMigrations', () => {
  it('applies the committed migrations to an empty database once, recording them as Prisma does', async () => {
    const names = await repoMigrationNames();
    expect(names.some((name) => /^\d{14}_init$/.test(name))).toBe(true);
    const url = await freshDatabase();
    const lines: string[] = [];

    expect(await deployMigrations({ databaseUrl: url, log: (line) => lines.push(line) })).toEqual({ applied: names });
    expect(lines).toEqual(names.map((name) => `applying migration ${name}`));
    expect(await deployMigrations({ databaseUrl: url })).toEqual({ applied: [] });

    const rows = await query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      logs: string | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>(url, 'SELECT * FROM _prisma_migrations ORDER BY started_at');
    const checksums = await Promise.all(
      names.map(async (name) =>
        createHash('sha256')
          .update(await fs.readFile(path.join(REPO_MIGRATIONS, name, 'migration.sql')))
          .digest('hex'),
      ),
    );
    expect(rows.map((row) => row.migration_name)).toEqual(names);
    expect(rows.map((row) => row.checksum)).toEqual(checksums);
    for (const row of rows) {
      expect(row).toMatchObject({ logs: null, rolled_back_at: null, applied_steps_count: 1 });
      expect(row.finished_at).toBeInstanceOf(Date);
    }
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables.map((row) => row.table_name)).toEqual(expect.arrayContaining(['users', 'projects', 'judgments', '_prisma_migrations']));
  });

  it('applies each migration once when two instances deploy at the same time', async () => {
    const url = await freshDatabase();
    const [first, second] = await Promise.all([deployMigrations({ databaseUrl: url }), deployMigrations({ databaseUrl: url })]);
    expect([...first.applied, ...second.applied].sort()).toEqual(await repoMigrationNames());
    const [{ count }] = (await query<{ count: string }>(url, 'SELECT count(*) FROM _prisma_migrations')) as [{ count: string }];
    expect(Number(count)).toBe((await repoMigrationNames()).length);
  });

  it('refuses, naming the migration, when an applied migration was edited', async () => {
    const url = await freshDatabase();
    const migrationsDir = await copyOfMigrations();
    await deployMigrations({ databaseUrl: url, migrationsDir });
    const [init] = (await repoMigrationNames()).filter((name) => name.endsWith('_init'));
    await fs.appendFile(path.join(migrationsDir, init!, 'migration.sql'), '\n-- edited after release\n');
    await addMigration(migrationsDir, '29990101000000_later', 'CREATE TABLE later (id INT);');

    await expect(deployMigrations({ databaseUrl: url, migrationsDir })).rejects.toThrow(new RegExp(`${init}.*modified`));
    expect(await query(url, `SELECT to_regclass('later') AS t`)).toEqual([{ t: null }]);
  });

  it('refuses, naming the migration, when a tampered checksum is recorded', async () => {
    const url = await freshDatabase();
    await deployMigrations({ databaseUrl: url });
    const [init] = (await repoMigrationNames()).filter((name) => name.endsWith('_init'));
    await query(url, `UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = $1`, [init]);

    await expect(deployMigrations({ databaseUrl: url })).rejects.toThrow(init);
  });

  it('accepts a migration whose line endings were converted (as Prisma does)', async () => {
    const url = await freshDatabase();
    const migrationsDir = await copyOfMigrations();
    await deployMigrations({ databaseUrl: url, migrationsDir });
    for (const name of await repoMigrationNames()) {
      const file = path.join(migrationsDir, name, 'migration.sql');
      await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replaceAll('\n', '\r\n'));
    }
    expect(await deployMigrations({ databaseUrl: url, migrationsDir })).toEqual({ applied: [] });
  });

  it('refuses, naming the migration, while a failed migration is recorded', async () => {
    const url = await freshDatabase();
    await deployMigrations({ databaseUrl: url });
    await query(
      url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at)
       VALUES ('failed-id', repeat('0', 64), '29990101000000_broken', 'syntax error', now())`,
    );
    await expect(deployMigrations({ databaseUrl: url })).rejects.toThrow(/29990101000000_broken.*failed/);
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const url = await freshDatabase();
    const migrationsDir = await copyOfMigrations();
    await addMigration(migrationsDir, '29990101000000_half', 'CREATE TABLE half_done (id INT);\nSELECT no_such_function();');

    await expect(deployMigrations({ databaseUrl: url, migrationsDir })).rejects.toThrow(/29990101000000_half.*no_such_function/);
    expect(await query(url, `SELECT to_regclass('half_done') AS t`)).toEqual([{ t: null }]);
    const recorded = await query<{ migration_name: string }>(url, 'SELECT migration_name FROM _prisma_migrations');
    expect(recorded.map((row) => row.migration_name)).toEqual(await repoMigrationNames());
  });

  it('refuses a non-empty database that has no migration history', async () => {
    const url = await freshDatabase();
    await query(url, 'CREATE TABLE legacy (id INT)');
    await expect(deployMigrations({ databaseUrl: url })).rejects.toThrow(/not empty.*legacy/);
  });
});

describe('checkMigrations and createMigration', () => {
  it(
    'reports the committed migrations in sync with prisma/schema.prisma',
    async () => {
      expect(await checkMigrations({ databaseUrl: adminUrl })).toEqual({ inSync: true, diffSql: '' });
      expect(await scratchDatabaseNames()).toEqual([]);
    },
    ENGINE_TIMEOUT,
  );

  it(
    'detects a new model, writes its migration, and is in sync afterwards',
    async () => {
      const schemaPath = path.join(tmp, 'extra.prisma');
      await fs.writeFile(schemaPath, (await fs.readFile(REPO_SCHEMA, 'utf8')) + EXTRA_MODEL);
      const migrationsDir = await copyOfMigrations();

      const before = await checkMigrations({ databaseUrl: adminUrl, schemaPath, migrationsDir });
      expect(before.inSync).toBe(false);
      expect(before.diffSql).toContain('CREATE TABLE "extras"');

      const { path: written } = await createMigration({ databaseUrl: adminUrl, name: 'add extras', schemaPath, migrationsDir });
      expect(written).toMatch(/[/\\]\d{14}_add_extras[/\\]migration\.sql$/);
      const sql = await fs.readFile(written!, 'utf8');
      expect(sql).toContain('CREATE TABLE "extras"');
      expect(sql).not.toContain('CREATE TABLE "users"');
      expect(await fs.readFile(path.join(migrationsDir, 'migration_lock.toml'), 'utf8')).toContain('provider = "postgresql"');

      expect(await checkMigrations({ databaseUrl: adminUrl, schemaPath, migrationsDir })).toEqual({ inSync: true, diffSql: '' });
      expect(await createMigration({ databaseUrl: adminUrl, name: 'nothing', schemaPath, migrationsDir })).toEqual({ path: null });

      const url = await freshDatabase();
      const { applied } = await deployMigrations({ databaseUrl: url, migrationsDir });
      expect(applied.at(-1)).toMatch(/_add_extras$/);
      expect(await scratchDatabaseNames()).toEqual([]);
    },
    ENGINE_TIMEOUT * 3,
  );

  it(
    'drops its temporary databases when the engine fails',
    async () => {
      const migrationsDir = await copyOfMigrations();
      await addMigration(migrationsDir, '29990101000000_broken', 'CREATE TABLE broken (;');
      await expect(checkMigrations({ databaseUrl: adminUrl, migrationsDir })).rejects.toThrow(/29990101000000_broken/);
      expect(await scratchDatabaseNames()).toEqual([]);
    },
    ENGINE_TIMEOUT,
  );
});
