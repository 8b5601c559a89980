/**
 * Issue 23 (submit), fifth round: the ranking submit loads the item's judgments in its opening, before its own judgment is
 * inserted, and adds that judgment to them in JS (lib/judgments/recompute-stats.ts, itemStatsStatements' `added`). The stats
 * rows it writes must be those a recompute from the stored judgments writes (recomputeStats): the judgment in its place by
 * createdAt (an imported label dated later comes after it), its labeler's exclusion, its ratings and flags.
 */
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { getPgPool, withTransaction } from '@/lib/db';
import { recomputeStats } from '@/lib/judgments/recompute-stats';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';

const STATS = [
  `SELECT judgments, agree, compared, "agreeTies", "comparedTies", agreement, "kendallW", likert, "flagValues", adjudicated, invalid, stale
   FROM item_stats WHERE "itemId" = $1`,
  `SELECT "judgmentId", "userId", "createdAt", source, "durationMs", "userExcluded", counted, "looAgree", "looCompared", "goldAgree", "goldCompared",
          "firstWins", "firstLosses", "firstNullVariance", "longerWins", "longerCompared", "earlierAgree", "earlierCompared", "onGold"
   FROM judgment_stats WHERE "judgmentId" IN (SELECT id FROM judgments WHERE "itemId" = $1) ORDER BY "judgmentId"`,
  `SELECT "modelA", "modelB", games, "winsA" FROM item_model_games WHERE "itemId" = $1 ORDER BY 1, 2`,
  `SELECT flag, "both", mixed FROM item_flag_stats WHERE "itemId" = $1 ORDER BY 1`,
];

async function statsOf(query: (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>, itemId: string) {
  const out = [];
  for (const text of STATS) out.push((await query(text, [itemId])).rows);
  return out;
}

describe('the submit stats, from the opening load and the added judgment', () => {
  it('equal a recompute from the stored judgments after every submit', async () => {
    const project = await buildProject({ name: 'Added judgment', overlap: 3, settings: { goldRate: 0 } });
    const users = (await insertUsers({ count: 4 })).map((u) => u.id);
    await insertMemberships({ projectId: project.id, userIds: users });
    const pool = getPgPool();
    // The third labeler's labels do not count.
    await pool.query(`UPDATE memberships SET excluded = true WHERE "projectId" = $1 AND "userId" = $2`, [project.id, users[2]]);
    const [item] = await insertItems({
      projectId: project.id,
      count: 1,
      prompt: 'q',
      responses: ['a', 'bb', 'ccc', 'dddd'].map((text, i) => ({ text, modelId: `m-${i % 3}` })),
    });
    const itemId = item!.id;
    // An imported label dated tomorrow: every submit's judgment is older, so it goes before this one.
    await pool.query(
      `INSERT INTO judgments ("itemId", "userId", ranking, "taxonomyVersion", "durationMs", "promptFlags", source, "createdAt")
       SELECT $1, $2, jsonb_agg(jsonb_build_array(r.id) ORDER BY r.text DESC), 1, 900, '{}', 'IMPORTED', now() + interval '1 day'
       FROM responses r WHERE r."itemId" = $1`,
      [itemId, users[3]],
    );

    const orders = [
      [0, 1, 2, 3],
      [3, 2, 1, 0],
      [1, 0, 3, 2],
    ];
    for (const [k, userId] of users.slice(0, 3).entries()) {
      const task = (await claimNextTask({ projectId: project.id, userId }))!;
      expect(task.itemId).toBe(itemId);
      const ids = orders[k]!.map((n) => [...task.shownOrder].sort()[n]!);
      await submitRanking({
        userId,
        projectId: project.id,
        input: {
          assignmentId: task.assignmentId,
          ranking: [[ids[0]!], [ids[1]!, ids[2]!], [ids[3]!]],
          allUnacceptable: false,
          ratings: ids.map((responseId, r) => ({
            responseId,
            likert: r === 3 ? null : 7 - r - k,
            flags: r === k ? ['hallucination'] : [],
            flaws: [],
          })),
          promptFlags: [],
          durationMs: 1000 + 700 * k,
        },
      });

      const written = await statsOf((text, values) => pool.query(text, values), itemId);
      // The excluded labeler's judgment (the third submit) is not counted in the item's numbers.
      expect(written[0]).toEqual([expect.objectContaining({ judgments: Math.min(k + 2, 3), stale: false })]);
      expect(written[1]).toHaveLength(k + 2);
      expect(written[2]!.length).toBeGreaterThan(0);
      // Flag shares need two counted raters: from the second submit on.
      if (k > 0) expect(written[3]!.length).toBeGreaterThan(0);
      const recomputed = await withTransaction(async (client) => {
        await recomputeStats(client, [itemId]);
        const rows = await statsOf((text, values) => client.query(text, values), itemId);
        throw Object.assign(new Error('rollback'), { rows });
      }).catch((error: { rows?: unknown }) => error.rows);
      expect(written).toEqual(recomputed);
    }
  });
});
