/**
 * Integration tests run against a real PostgreSQL: the one in TEST_DATABASE_ADMIN_URL (set by
 * `npm test`, which shares one server with the browser tests), or an embedded server started
 * here in a temporary folder on a free port. Migrations are applied once to a template
 * database; each test file then gets its own copy (tests/helpers/database-per-file.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgres } from '../../scripts/lib/embedded-postgres';
import { deployMigrations } from '../../scripts/lib/migrations';
import { JOB_SCHEMA } from '../../lib/jobs/job-schema';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let server: EmbeddedPostgres | undefined;
  let tmp: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-test-pg-'));
    fs.chmodSync(tmp, 0o755);
    server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data'), port: await findFreePort() });
    adminUrl = server.adminUrl;
  }
  const templateDatabase = `preflab_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  await admin.end();
  const templateUrl = adminUrl.replace(/\/[^/?]+(\?|$)/, `/${templateDatabase}$1`);
  await deployMigrations({ databaseUrl: templateUrl });
  // The job queue's schema (pg-boss installs it on first start in any database; lib/jobs): once in
  // the template, so test files that queue jobs do not each pay for it.
  const boss = new PgBoss({ connectionString: templateUrl, schema: JOB_SCHEMA, max: 1, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, close: true });

  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`).catch(() => undefined);
    await client.end();
    await server?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}
