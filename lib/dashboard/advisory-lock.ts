import type pg from 'pg';

/** How long a view's bounded fold waits for another fold of the project (a view's: milliseconds) before leaving the work to it. */
const TRIES = 16;
const WAIT_MS = 25;

/**
 * Takes the transaction-scoped advisory lock (`key`, hashtext(`id`)) if it comes free within about
 * 400 ms (another view's fold), else returns false (the background fold of a backlog holds it):
 * a view never waits on a long fold.
 */
export async function tryAdvisoryXactLock(client: pg.ClientBase, key: number, id: string): Promise<boolean> {
  for (let t = 0; t < TRIES; t++) {
    if (t > 0) await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked', [key, id]);
    if (rows[0]!.locked) return true;
  }
  return false;
}
