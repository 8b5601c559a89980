/**
 * The assignment engine without HTTP: N simulated labelers claim and submit through
 * the task engine's ranking kind (claimNextTask, submitRanking: lib/tasks/kinds/rank.ts) for a fixed time on a
 * generated project; latency percentiles, throughput, and the over-fill / duplicate counts
 * (must be 0). Baseline: a bare SQL claim (pick + insert, no rules) on the same data.
 *   --items N (10000)  --labelers N (100)  --seconds N (15)  --json
 * (The HTTP benchmark of the ranking screen, `bench -- assign`, comes with the screen.)
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { percentiles as summary, round, scratchDatabase } from './harness';
import { insertProject } from '../../lib/builders/build-project';
import { insertItems } from '../../lib/builders/insert-items';
import { insertUsers } from '../../lib/builders/insert-users';

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      items: { type: 'string', default: '10000' },
      labelers: { type: 'string', default: '100' },
      seconds: { type: 'string', default: '15' },
    },
  });
  const nItems = Number(values.items);
  const nLabelers = Number(values.labelers);
  const seconds = Number(values.seconds);
  const db = await scratchDatabase('claim');
  process.env.DB_POOL_SIZE = '4';
  const { getDb, getPgPool } = await import('../../lib/db');
  const { claimNextTask, submitRanking } = await import('../../lib/tasks/kinds/rank');
  const pool = getPgPool();
  try {
    const projectId = await insertProject({ pool, slug: 'bench-claim', name: 'Bench', overlap: 3 });
    const users = await insertUsers({ pool, count: nLabelers, email: (n) => `b${n}@b.test`, name: (n) => `B${n}` });
    await insertItems({
      pool,
      projectId,
      count: nItems,
      prompt: 'q',
      isGold: (n) => n % 50 === 0,
      priority: (n) => n % 7,
      responses: ['a', 'b', 'c', 'd'].map((text) => ({ text })),
    });
    await pool.query('ANALYZE');

    const claimMs: number[] = [];
    const submitMs: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      users.map(async ({ id: userId }) => {
        while (performance.now() < deadline) {
          let t = performance.now();
          const task = await claimNextTask({ projectId, userId });
          claimMs.push(performance.now() - t);
          if (!task) break;
          t = performance.now();
          await submitRanking({
            userId,
            projectId,
            input: {
              assignmentId: task.assignmentId,
              ranking: task.shownOrder.map((r) => [r]),
              allUnacceptable: false,
              ratings: [],
              promptFlags: [],
              durationMs: 1,
            },
          });
          submitMs.push(performance.now() - t);
        }
      }),
    );
    const overfilled = (await pool.query(`SELECT "itemId" FROM judgments GROUP BY 1 HAVING count(*) > 3`)).rowCount;
    const duplicates = (await pool.query(`SELECT "itemId", "userId" FROM judgments GROUP BY 1, 2 HAVING count(*) > 1`)).rowCount;

    // Baseline: the cheapest possible claim in SQL, one statement, no rules beyond a free item.
    const baseMs: number[] = [];
    const baseDeadline = performance.now() + Math.min(5, seconds) * 1000;
    await Promise.all(
      users.map(async ({ id: userId }) => {
        while (performance.now() < baseDeadline) {
          const t = performance.now();
          const { rowCount } = await pool.query(
            `INSERT INTO assignments ("projectId", "itemId", "userId", "leaseExpiresAt", "shownOrder", kind)
           SELECT $1, i.id, $2, now(), '{}', 'DEMONSTRATE' FROM items i
           WHERE i."projectId" = $1 AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = i.id AND a."userId" = $2 AND a.kind = 'DEMONSTRATE')
           ORDER BY i.priority DESC, i."createdAt" LIMIT 1 ON CONFLICT DO NOTHING`,
            [projectId, userId],
          );
          baseMs.push(performance.now() - t);
          if (rowCount === 0 && randomUUID().startsWith('0')) break;
        }
      }),
    );

    const result = {
      benchmark: 'claim',
      setup: { items: nItems, responsesPerItem: 4, overlap: 3, labelers: nLabelers, seconds },
      claim: summary(claimMs),
      submit: summary(submitMs),
      throughputSubmitsPerSec: round(submitMs.length / seconds),
      invariants: { overfilledItems: overfilled ?? 0, duplicateLabelerItem: duplicates ?? 0 },
      baseline: { bareSqlClaim: summary(baseMs) },
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(`\nclaim/submit: ${nLabelers} labelers for ${seconds} s on ${nItems.toLocaleString('en')} items (overlap 3)\n`);
    console.log(
      `${'measurement'.padEnd(34)} ${'count'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
    );
    for (const [name, s] of [
      ['claimNextTask', result.claim],
      ['submitRanking', result.submit],
      ['baseline: bare SQL claim', result.baseline.bareSqlClaim],
    ] as const) {
      console.log(
        `${name.padEnd(34)} ${String(s.count).padStart(7)} ${String(s.p50Ms).padStart(8)} ${String(s.p95Ms).padStart(8)} ${String(s.p99Ms).padStart(8)}`,
      );
    }
    console.log(
      `\nthroughput ${result.throughputSubmitsPerSec} submits/s · over-filled items ${result.invariants.overfilledItems} · labeler twice on an item ${result.invariants.duplicateLabelerItem}`,
    );
  } finally {
    await getDb().$disconnect();
    await pool.end();
    await db.close();
  }
}
