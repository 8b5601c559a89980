/**
 * Issue 23 (submit), fifth round: the ranking submit's stats write (tx_stats_write_deltas,
 * lib/judgments/recompute-stats.ts) is PREPAREd once per connection and runs on its generic plan,
 * made while the tables may still be small and with the JSON guessed at 100 rows. It must reach the
 * item's rows through indexes whatever the tables' sizes: a scan of a whole table per submit grows
 * with the project (judgment_stats has no index by item at all). The plan is read as the submit
 * makes it: after the settings its closing round trip sets first.
 */
import type { QueryResult } from 'pg';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { getPgPool, withTransaction } from '@/lib/db';
import { ITEM_STATS_PREPARED, itemStatsStatements } from '@/lib/judgments/recompute-stats';
import { claimNextTask } from '@/lib/tasks/kinds/rank';
import { submitAsShown } from '../helpers/submit-as-shown';

const TABLES = ['judgments', 'judgment_stats', 'item_stats', 'item_model_games', 'item_flag_stats'];

describe('the submit stats write plan', () => {
  it('reads and deletes the item rows by index, never scanning a whole table', async () => {
    const project = await buildProject({ name: 'Write plan', overlap: 3, settings: { goldRate: 0 } });
    const users = (await insertUsers({ count: 2 })).map((u) => u.id);
    await insertMemberships({ projectId: project.id, userIds: users });
    const items = await insertItems({
      projectId: project.id,
      count: 3,
      prompt: 'q',
      responses: ['a', 'bb', 'ccc'].map((text, i) => ({ text, modelId: `m-${i}` })),
    });
    // A few rows in every table (the plan of an empty table may differ), then fresh statistics, as a small project has.
    for (const userId of users) {
      const task = (await claimNextTask({ projectId: project.id, userId }))!;
      await submitAsShown(userId, task, { durationMs: 2000, likert: 4 });
    }
    await getPgPool().query(`ANALYZE ${TABLES.join(', ')}`);

    const plan = await withTransaction(async (client) => {
      // The closing round trip's first statement: the settings the write runs under (they do not depend on the load).
      const [settings] = itemStatsStatements(items[0]!.id)
        .write({ rows: [] } as unknown as QueryResult)
        .split(';\n');
      await client.query(settings!);
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (GENERIC_PLAN, COSTS OFF) ${ITEM_STATS_PREPARED.tx_stats_write_deltas}`,
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('Insert on dashboard_rollup_deltas');
    for (const table of TABLES) expect(plan, `a scan of all of ${table}`).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
    expect(plan).toMatch(/Index Scan using judgments_pkey on judgments/);
    expect(plan).toMatch(/Index Scan using judgment_stats_pkey on judgment_stats/);
  });
});
