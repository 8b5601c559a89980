/**
 * Issue 23: the change logs of a project nobody views (the stats deltas and the progress changes)
 * are folded by the periodic sweep once they pass a threshold, to the same figures a view folds.
 */
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { readRollups } from '@/lib/dashboard/fold-rollups';
import { PROGRESS_ITEMS_FROM_SCRATCH_SQL } from '@/lib/dashboard/from-scratch';
import { getProgressSummary } from '@/lib/dashboard/get-progress-summary';
import type { RollupKind, RollupRow } from '@/lib/dashboard/rollup-layout';
import { sweepPendingFolds } from '@/lib/dashboard/sweep-pending-folds';
import { getPgPool } from '@/lib/db';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';

const KINDS: RollupKind[] = ['unit', 'flag', 'game', 'wbin', 'user', 'week', 'dur'];
const pending = async (projectId: string) => {
  const { rows } = await getPgPool().query<{ deltas: number; changes: number }>(
    `SELECT (SELECT count(*)::int FROM dashboard_rollup_deltas WHERE "projectId" = $1) AS deltas,
            (SELECT count(*)::int FROM progress_changes WHERE "projectId" = $1) AS changes`,
    [projectId],
  );
  return rows[0]!;
};

describe('the fold sweep', () => {
  it(
    'folds the logs of a project nobody viewed once they pass the threshold, to the figures a view gives',
    { timeout: 120_000 },
    async () => {
      const project = await buildProject({ name: 'Unwatched', overlap: 3 });
      const users = await insertUsers({ count: 3, name: (n) => `Unwatched ${n}` });
      await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
      await insertItems({ projectId: project.id, count: 4, prompt: 'q', responses: [{ text: 'a' }, { text: 'bb' }, { text: 'ccc' }] });
      for (let round = 0; round < 4; round++)
        for (const u of users) {
          const task = (await claimNextTask({ projectId: project.id, userId: u.id }))!;
          await submitRanking({
            userId: u.id,
            projectId: project.id,
            input: {
              assignmentId: task.assignmentId,
              ranking: task.shownOrder.map((r) => [r]),
              allUnacceptable: false,
              ratings: task.shownOrder.map((r, k) => ({ responseId: r, likert: 1 + k, flags: [], flaws: [] })),
              promptFlags: [],
              durationMs: 10_000,
            },
          });
        }
      const before = await pending(project.id);
      expect(before.deltas).toBeGreaterThan(12);
      expect(before.changes).toBeGreaterThanOrEqual(12);

      // Under the threshold: left for a view.
      expect(await sweepPendingFolds({ threshold: 100_000 })).not.toContain(project.id);
      expect(await pending(project.id)).toEqual(before);

      expect(await sweepPendingFolds({ threshold: 10 })).toContain(project.id);
      expect(await pending(project.id)).toEqual({ deltas: 0, changes: 0 });
      // The folded rollups are the sums of the stats rows; the progress rollups were built and are current.
      // (A key whose sums returned to zero keeps its row, and a vector its trailing zeros: both read as zeros.)
      const trimmed = (rows: RollupRow[]) =>
        rows
          .map((r) => {
            const v = [...r.v];
            while (v.length > 0 && v.at(-1) === 0) v.pop();
            return { ...r, v };
          })
          .filter((r) => r.v.length > 0);
      const folded = trimmed(await readRollups({ projectId: project.id, kinds: KINDS }));
      expect(folded.length).toBeGreaterThan(0);
      expect(folded).toEqual(trimmed(await readRollups({ projectId: project.id, kinds: KINDS, scratch: true })));
      const { rowCount } = await getPgPool().query(`SELECT 1 FROM progress_states WHERE "projectId" = $1`, [project.id]);
      expect(rowCount).toBe(1);
      const summary = await getProgressSummary({ projectId: project.id });
      const scratch = (await getPgPool().query(PROGRESS_ITEMS_FROM_SCRATCH_SQL, [project.id])).rows[0];
      expect(summary).toMatchObject({ itemsTotal: scratch.total, itemsComplete: scratch.complete, itemsInProgress: scratch.inProgress });
      expect(summary.itemsComplete).toBe(4);
    },
  );
});
