import fs from 'node:fs';
import path from 'node:path';
import { getStartEnv } from '../../lib/env';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/**
 * The database an operator command should use: DATABASE_URL, else the embedded one of
 * `npm start` (connecting to it while it runs, starting it for the command's duration otherwise).
 */
export async function openLocalDatabase(root: string): Promise<{ databaseUrl: string; close(): Promise<void> }> {
  const env = getStartEnv();
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, close: async () => undefined };
  const dataDir = path.resolve(root, env.PREFLAB_DATA_DIR);
  const passwordFile = path.join(dataDir, 'postgres.password');
  if (!fs.existsSync(passwordFile)) {
    throw new Error(`No database: set DATABASE_URL, or run \`npm start\` once to create the embedded one in ${dataDir}`);
  }
  // Connects to the server of a running `npm start`, or starts it for the command's duration.
  const server: EmbeddedPostgres = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: env.PREFLAB_PG_PORT,
    passwordFile,
    ifRunning: 'reuse',
  });
  return { databaseUrl: server.urlFor('preference_lab'), close: () => server.stop() };
}
