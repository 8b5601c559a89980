/**
 * Gives each integration test file a fresh database copied from the migrated template, and
 * points lib/env (DATABASE_URL) at it before any app code runs.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';

const adminUrl = inject('adminUrl');
const template = inject('templateDatabase');
const database = `preflab_test_${randomBytes(6).toString('hex')}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
await admin.end();

export const testDatabaseUrl = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${database}$1`);
process.env.DATABASE_URL = testDatabaseUrl;
process.env.NEXTAUTH_SECRET ??= 'test-secret-test-secret-test-secret-0123456789';
process.env.DB_POOL_SIZE ??= '5';

afterAll(async () => {
  const { getDb, getPgPool } = await import('@/lib/db');
  await getDb().$disconnect();
  await getPgPool().end();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await client.end();
});
