/**
 * lib/db.ts: one pool per process shared by Prisma, typed SQL and transactions; withTransaction
 * commits, rolls back and sets the isolation level; typed(client) runs inside the transaction.
 */
import { describe, expect, it, vi } from 'vitest';
import { getDb, getPgPool, getSql, typed, withTransaction } from '@/lib/db';

async function countSettings(key: string): Promise<number> {
  const { rows } = await getPgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM app_settings WHERE key = $1`, [key]);
  return rows[0]?.n ?? -1;
}

describe('withTransaction', () => {
  it('commits what fn wrote and returns its result', async () => {
    const result = await withTransaction(async (client) => {
      await client.query(`INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.commit', 'yes', now())`);
      return 42;
    });

    expect(result).toBe(42);
    expect(await countSettings('tx.commit')).toBe(1);
  });

  it('rolls back everything fn wrote when it throws, and rethrows the same error', async () => {
    const failure = new Error('planted failure');

    await expect(
      withTransaction(async (client) => {
        await client.query(`INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.rollback', 'no', now())`);
        await typed(client).insertInto('app_settings').values({ key: 'tx.rollback.typed', value: 'no', updatedAt: new Date() }).execute();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await countSettings('tx.rollback')).toBe(0);
    expect(await countSettings('tx.rollback.typed')).toBe(0);
  });

  it('runs at the isolation level asked for, and at read committed by default', async () => {
    const level = (isolation?: 'serializable' | 'repeatable read') =>
      withTransaction(
        async (client) =>
          (await client.query<{ transaction_isolation: string }>('SHOW transaction_isolation')).rows[0]?.transaction_isolation,
        {
          isolation,
        },
      );

    expect(await level('serializable')).toBe('serializable');
    expect(await level('repeatable read')).toBe('repeatable read');
    expect(await level()).toBe('read committed');
  });

  it('runs READ ONLY when asked: a write in it is refused and nothing is kept', async () => {
    const readOnly = await withTransaction(
      async (client) =>
        (await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only')).rows[0]?.transaction_read_only,
      {
        isolation: 'repeatable read',
        readOnly: true,
      },
    );
    const write = withTransaction(
      async (client) => client.query(`INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.readonly', 'no', now())`),
      { readOnly: true },
    );

    expect(readOnly).toBe('on');
    await expect(write).rejects.toThrow(/read-only transaction/);
    expect(await countSettings('tx.readonly')).toBe(0);
  });

  it('gives typed(client) the transaction: it sees uncommitted rows that others do not', async () => {
    await withTransaction(async (client) => {
      await client.query(`INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.visible', 'inside', now())`);
      const inside = await typed(client).selectFrom('app_settings').select(['key', 'value']).where('key', '=', 'tx.visible').execute();
      const outside = await getSql().selectFrom('app_settings').select('key').where('key', '=', 'tx.visible').execute();

      expect(inside).toEqual([{ key: 'tx.visible', value: 'inside' }]);
      expect(outside).toEqual([]);
    });
  });

  it('returns the connection to the pool after a commit and after a rollback', async () => {
    const pool = getPgPool();
    await withTransaction(async () => undefined);
    await withTransaction(async () => {
      throw new Error('x');
    }).catch(() => undefined);

    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});

describe('withTransaction with an opening statement (fewer round trips)', () => {
  it('runs the opening inside the transaction, after BEGIN, and hands fn its results', async () => {
    const seen = await withTransaction(
      async (client, opened) => {
        const inside = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM app_settings WHERE key = 'tx.opening'`)).rows[0]
          ?.n;
        const outside = await countSettings('tx.opening');
        return {
          opened: opened.map((r) => r.rows),
          inside,
          outside,
          level: (await client.query<{ transaction_isolation: string }>('SHOW transaction_isolation')).rows[0]?.transaction_isolation,
        };
      },
      {
        isolation: 'repeatable read',
        opening: `INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.opening', 'yes', now()); SELECT 7 AS seven`,
      },
    );

    expect(seen).toEqual({ opened: [[], [{ seven: 7 }]], inside: 1, outside: 0, level: 'repeatable read' });
    expect(await countSettings('tx.opening')).toBe(1);
  });

  it('rolls the opening back when fn throws, and rolls back when the opening itself fails', async () => {
    await expect(
      withTransaction(
        async () => {
          throw new Error('planted');
        },
        { opening: `INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.opening.rollback', 'no', now())` },
      ),
    ).rejects.toThrow('planted');
    await expect(
      withTransaction(async () => 1, {
        opening: `INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.opening.bad', 'no', now()); SELECT 1/0`,
      }),
    ).rejects.toThrow(/division by zero/);

    expect(await countSettings('tx.opening.rollback')).toBe(0);
    expect(await countSettings('tx.opening.bad')).toBe(0);
  });
});

describe('withTransaction with prepared statements and a closing (fewer round trips, planned once)', () => {
  it('PREPAREs once per connection: the opening EXECUTEs it, again on the same connection without a second PREPARE', async () => {
    const prepared = { tx_test_double: `SELECT $1::int * 2 AS doubled` };
    const run = (n: number) =>
      withTransaction(
        async (client, opened) => {
          const held = await client.query<{ pid: number }>(
            `SELECT pg_backend_pid() AS pid FROM pg_prepared_statements WHERE name = 'tx_test_double'`,
          );
          return { doubled: (opened[0]?.rows[0] as { doubled: number } | undefined)?.doubled, held: held.rowCount, pid: held.rows[0]?.pid };
        },
        { opening: `EXECUTE tx_test_double(${n})`, prepared },
      );
    const pool = getPgPool();
    // Hold every other connection so both runs get the same one.
    const others = await Promise.all(Array.from({ length: pool.options.max - 1 }, () => pool.connect()));
    try {
      const first = await run(4);
      const second = await run(5);
      expect(first).toMatchObject({ doubled: 8, held: 1 });
      expect(second).toMatchObject({ doubled: 10, held: 1, pid: first.pid });
    } finally {
      for (const c of others) c.release();
    }
  });

  it('knows what a connection holds across copies of the module (the production build bundles lib/db.ts into several chunks)', async () => {
    vi.resetModules();
    const copy = await import('@/lib/db');
    expect(copy.getPgPool()).toBe(getPgPool());
    const prepared = { tx_test_triple: `SELECT $1::int * 3 AS tripled` };
    const pool = getPgPool();
    const others = await Promise.all(Array.from({ length: pool.options.max - 1 }, () => pool.connect()));
    try {
      const results = [];
      for (const run of [withTransaction, copy.withTransaction, withTransaction]) {
        results.push(
          await run(async (_client, opened) => opened[0]?.rows[0] as { tripled: number }, {
            opening: `EXECUTE tx_test_triple(2)`,
            prepared,
          }),
        );
      }
      expect(results).toEqual([{ tripled: 6 }, { tripled: 6 }, { tripled: 6 }]);
    } finally {
      for (const c of others) c.release();
    }
  });

  it('sends the closing with COMMIT and returns what its read makes of the results; a failing closing commits nothing', async () => {
    const read = await withTransaction(
      async (client) => {
        await client.query(`INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.closing', 'yes', now())`);
        return 'fn';
      },
      {
        closing: (result) => ({
          sql: `SELECT count(*)::int AS n FROM app_settings WHERE key = 'tx.closing'`,
          read: (results) => `${result}:${(results[0]?.rows[0] as { n: number }).n}`,
        }),
      },
    );
    expect(read).toBe('fn:1');
    expect(await countSettings('tx.closing')).toBe(1);

    const failed = withTransaction(
      async (client) => {
        await client.query(`INSERT INTO app_settings (key, value, "updatedAt") VALUES ('tx.closing.bad', 'no', now())`);
        return 'fn';
      },
      { closing: () => ({ sql: `SELECT 1/0`, read: () => 'never' }) },
    );
    await expect(failed).rejects.toThrow(/division by zero/);
    expect(await countSettings('tx.closing.bad')).toBe(0);
  });
});

describe('one pool per process', () => {
  it('serves Prisma, typed SQL and plain queries from the same pool of DB_POOL_SIZE connections', async () => {
    const pool = getPgPool();
    const backends = new Set<number>();
    // Hold every connection of the pool, then ask Prisma for one: it can only run when one is
    // given back, which proves it draws from this pool rather than a pool of its own.
    const held = await Promise.all(Array.from({ length: pool.options.max ?? 0 }, () => pool.connect()));
    for (const client of held) backends.add((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0);
    const prismaPid = getDb().$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    let settled = false;
    void prismaPid.finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const settledWhileHeld = settled;
    held.forEach((client) => client.release());
    const pid = (await prismaPid)[0]?.pid ?? -1;

    expect(pool.options.max).toBe(5);
    expect(settledWhileHeld).toBe(false);
    expect(backends.has(pid)).toBe(true);
  });
});
