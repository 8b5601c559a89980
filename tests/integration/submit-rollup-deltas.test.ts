/**
 * Issue 23 (submit): the ranking submit's stats write appends the dashboard's rollup deltas itself
 * (lib/judgments/recompute-stats.ts, tx_stats_write_deltas) while the stats tables' rollup triggers
 * stand aside for that one statement (migration 20261207004000_submit_writes_own_rollup_deltas). The
 * folded rollups must still equal the sums of the stats rows, through every part of the write: rows
 * inserted, rows updated (other labelers' leave-one-out numbers), rows left as they were, and game and
 * flag rows the recompute no longer produces (deleted); and a later write in the same transaction
 * still fires the triggers.
 */
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { foldRollups, readRollups } from '@/lib/dashboard/fold-rollups';
import type { RollupKind } from '@/lib/dashboard/rollup-layout';
import { getPgPool, withTransaction } from '@/lib/db';
import { itemStatsStatements } from '@/lib/judgments/recompute-stats';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';

const KINDS: RollupKind[] = ['unit', 'flag', 'game', 'wbin', 'user', 'week', 'dur'];

async function expectRollupsFromScratch(projectId: string) {
  await foldRollups({ projectId });
  const [folded, scratch] = [await readRollups({ projectId, kinds: KINDS }), await readRollups({ projectId, kinds: KINDS, scratch: true })];
  // Keys whose sums went back to zero keep a row of zeros once folded.
  const nonZero = (rows: typeof folded) => rows.filter((r) => r.v.some((x) => x !== 0));
  expect(nonZero(folded)).toEqual(nonZero(scratch));
  return folded;
}

async function setup() {
  const project = await buildProject({ name: 'Own deltas', overlap: 3, settings: { goldRate: 0 } });
  const users = (await insertUsers({ count: 3 })).map((u) => u.id);
  await insertMemberships({ projectId: project.id, userIds: users });
  const [item] = await insertItems({
    projectId: project.id,
    count: 1,
    prompt: 'q',
    responses: [
      { text: 'a', modelId: 'm-a' },
      { text: 'bb', modelId: 'm-b' },
      { text: 'ccc', modelId: 'm-c' },
    ],
  });
  return { projectId: project.id, users, item: item! };
}

async function submit(projectId: string, userId: string, order: number[], flag: string | null) {
  const task = (await claimNextTask({ projectId, userId }))!;
  const ids = order.map((k) => [...task.shownOrder].sort()[k]!);
  await submitRanking({
    userId,
    projectId,
    input: {
      assignmentId: task.assignmentId,
      ranking: ids.map((id) => [id]),
      allUnacceptable: false,
      ratings: ids.map((responseId, r) => ({ responseId, likert: r + 2, flags: flag && r === 0 ? [flag] : [], flaws: [] })),
      promptFlags: [],
      durationMs: 3000 + order[0]! * 100,
    },
  });
}

describe('the submit writes its own rollup deltas', () => {
  it('equal the stats rows after inserts, updates, unchanged rows and deleted game and flag rows', async () => {
    const { projectId, users, item } = await setup();
    const pool = getPgPool();
    await submit(projectId, users[0]!, [0, 1, 2], 'hallucination');
    await expectRollupsFromScratch(projectId);
    // Rows the next recompute no longer produces (written behind the app's back, through the triggers): the submit deletes them.
    await pool.query(
      `INSERT INTO item_model_games ("itemId", "projectId", "modelA", "modelB", games, "winsA") VALUES ($1, $2, 'x-a', 'x-b', 4, 1.5)`,
      [item.id, projectId],
    );
    await pool.query(`INSERT INTO item_flag_stats ("itemId", "projectId", flag, "both", mixed) VALUES ($1, $2, 'made-up', 0.25, 0.5)`, [
      item.id,
      projectId,
    ]);
    const before = await expectRollupsFromScratch(projectId);
    expect(before.some((r) => r.kind === 'game' && r.k1 === 'x-a')).toBe(true);
    const appended = async () =>
      (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM dashboard_rollup_deltas WHERE "projectId" = $1`, [projectId]))
        .rows[0]!.n;
    await submit(projectId, users[1]!, [2, 1, 0], null);
    // The write appended the deltas (the triggers did not, or every sum would count twice).
    expect(await appended()).toBeGreaterThan(0);
    const after = await expectRollupsFromScratch(projectId);
    expect(after.filter((r) => r.kind === 'game' && r.k1 === 'x-a' && r.v.some((x) => x !== 0))).toEqual([]);
    expect(after.filter((r) => r.kind === 'flag' && r.k1 === 'made-up' && r.v.some((x) => x !== 0))).toEqual([]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM item_model_games WHERE "itemId" = $1 AND "modelA" = 'x-a'`, [
      item.id,
    ]);
    expect(rows[0].n).toBe(0);
    await submit(projectId, users[2]!, [0, 2, 1], 'hallucination');
    await expectRollupsFromScratch(projectId);
  });

  it('a write of the stats tables after it in the same transaction still fires the triggers', async () => {
    const { projectId, users, item } = await setup();
    await submit(projectId, users[0]!, [0, 1, 2], null);
    await submit(projectId, users[1]!, [1, 0, 2], null);
    await expectRollupsFromScratch(projectId);
    const stats = itemStatsStatements(item.id);
    await withTransaction(async (client) => {
      await client.query(`SELECT id FROM items WHERE id = $1 FOR NO KEY UPDATE`, [item.id]);
      // The submit's own statements: the load, then the write with its setting around it (prepared as the submit prepares them).
      const { ITEM_STATS_PREPARED } = await import('@/lib/judgments/recompute-stats');
      const held = new Set((await client.query<{ name: string }>(`SELECT name FROM pg_prepared_statements`)).rows.map((r) => r.name));
      for (const [name, text] of Object.entries(ITEM_STATS_PREPARED)) if (!held.has(name)) await client.query(`PREPARE ${name} AS ${text}`);
      const loaded = await client.query(stats.load);
      await client.query(`UPDATE judgment_stats SET "durationMs" = "durationMs" + 1 WHERE "itemId" = $1`, [item.id]);
      await client.query(stats.write(loaded));
      await client.query(`UPDATE judgment_stats SET "durationMs" = "durationMs" + 5000 WHERE "itemId" = $1`, [item.id]);
    });
    const folded = await expectRollupsFromScratch(projectId);
    expect(folded.filter((r) => r.kind === 'dur' && r.v[0] !== 0).length).toBeGreaterThan(0);
  });
});
