import type pg from 'pg';
import { getPgPool } from '@/lib/db';

/**
 * Round trips while `fn` runs: query calls on the pool's connections (pool.query included), each one
 * round trip. Connections are wrapped when first acquired and stop counting when `fn` is done.
 */
export async function roundTrips<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  let queries = 0;
  let counting = true;
  const seen = new WeakSet<pg.PoolClient>();
  const onAcquire = (client: pg.PoolClient) => {
    if (seen.has(client)) return;
    seen.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (counting) queries += 1;
      return query(...args);
    };
  };
  getPgPool().on('acquire', onAcquire);
  try {
    return { result: await fn(), queries };
  } finally {
    counting = false;
    getPgPool().off('acquire', onAcquire);
  }
}
