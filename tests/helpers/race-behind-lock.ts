import pg from 'pg';
import { withTransaction } from '@/lib/db';
import { testDatabaseUrl } from './database-per-file';

/**
 * Runs `contenders` while another connection holds the locks taken by `lock.sql` in an open
 * transaction, and commits it only once `waiters` sessions are queued behind it, so the
 * contenders truly overlap instead of one finishing before the other starts.
 */
export async function raceBehindLock<T>(lock: { sql: string; values: unknown[] }, waiters: number, contenders: () => Promise<T>[]) {
  // A connection of its own, outside the app's pool, which the contenders may need whole.
  const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 1 });
  try {
    // The transaction commits when the callback returns, so it hands back the contenders' promise wrapped, unawaited.
    const { settled } = await withTransaction(
      async (blocker) => {
        await blocker.query(lock.sql, lock.values);
        let done = false;
        const settled = Promise.allSettled(contenders()).finally(() => {
          done = true;
        });
        // Stops early if the contenders finish without waiting; their results then speak for themselves.
        for (let polls = 0; !done; polls++) {
          // Inside a transaction pg_stat_activity is read once and cached; clear it to see fresh states.
          await blocker.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await blocker.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if ((rows[0]?.n ?? 0) >= waiters) break;
          if (polls > 1000) throw new Error(`expected ${waiters} sessions waiting on a lock, saw ${rows[0]?.n ?? 0}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return { settled };
      },
      { pool },
    );
    return await settled;
  } finally {
    await pool.end();
  }
}
