import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { getStartEnv } from '../../lib/env';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/**
 * The database an operator command should use: DATABASE_URL, else the embedded one of
 * `npm start` (connecting to it when it runs, starting it for the command's duration otherwise).
 */
export async function openLocalDatabase(root: string): Promise<{ databaseUrl: string; close(): Promise<void> }> {
  const env = getStartEnv();
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, close: async () => undefined };
  const dataDir = path.resolve(root, env.PREFLAB_DATA_DIR);
  const passwordFile = path.join(dataDir, 'postgres.password');
  if (!fs.existsSync(passwordFile)) {
    throw new Error(`No database: set DATABASE_URL, or run \`npm start\` once to create the embedded one in ${dataDir}`);
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${env.PREFLAB_PG_PORT}/preference_lab`;
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return { databaseUrl: url, close: async () => undefined };
  } catch {
    await probe.end().catch(() => undefined);
  }
  const server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'postgres'), port: env.PREFLAB_PG_PORT, passwordFile });
  return { databaseUrl: server.urlFor('preference_lab'), close: () => server.stop() };
}
