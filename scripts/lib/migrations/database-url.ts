/**
 * The URL migrations connect to: DATABASE_DIRECT_URL when set, else DATABASE_URL. A migration run
 * holds a session advisory lock for its whole length (deploy.ts), which a transaction-mode pooler
 * cannot give: through one, the lock would stay held on whichever server connection took it, after
 * the run. So with DATABASE_POOLER=transaction, DATABASE_URL is the pooler and DATABASE_DIRECT_URL
 * (the primary itself) is required.
 */
export function migrationDatabaseUrl(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.DATABASE_DIRECT_URL) return env.DATABASE_DIRECT_URL;
  if (env.DATABASE_POOLER === 'transaction' && env.DATABASE_URL) {
    throw new Error(
      'DATABASE_POOLER=transaction: DATABASE_URL is a transaction-mode pooler, and migrations need a session. ' +
        'Set DATABASE_DIRECT_URL to the primary itself (not through the pooler).',
    );
  }
  return env.DATABASE_URL || undefined;
}
