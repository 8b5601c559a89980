/**
 * The ranking claim's round trips (issue 23, fourth and fifth rounds): the opening (BEGIN, claim
 * lock, state read), then the pick, the insert, the payload read and COMMIT in ONE round trip
 * (separate statements: the insert, a statement of its own, sees every slot taker that committed
 * before the pick locked the item; the payload reads the new assignment named by a setting the
 * insert wrote). What that must not lose: an item the pick's counter calls open but that is full is
 * skipped (the claim runs again in a new transaction without it); racing claimers get no error and
 * never over-fill; a lapsed draft comes back with its draft; nothing is written when nothing is left.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertUsers } from '@/lib/builders';
import { getPgPool } from '@/lib/db';
import { ZRankingDraft } from '@/lib/judgments/schemas';
import { claimRankingTask } from '@/lib/tasks/claim-next';
import { saveDraft, submitRanking } from '@/lib/tasks/kinds/rank';
import { roundTrips } from '../helpers/round-trips';

async function setup(o: { items: number; overlap: number; labelers: number; priority?: (n: number) => number }) {
  const project = await buildProject({ name: `Claim ${randomUUID().slice(0, 8)}`, overlap: o.overlap, settings: { goldRate: 0 } });
  const users = await insertUsers({ count: o.labelers, name: (n) => `C${n}` });
  const items = await insertItems({
    projectId: project.id,
    count: o.items,
    prompt: 'q',
    priority: o.priority,
    responses: [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
  });
  await getPgPool().query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
    project.id,
    users.map((u) => u.id),
  ]);
  return { projectId: project.id, labelers: users.map((u) => u.id), items: items.map((i) => i.id) };
}

const held = async (projectId: string) =>
  (
    await getPgPool().query<{ itemId: string; n: number; users: number }>(
      `SELECT "itemId", count(*)::int AS n, count(DISTINCT "userId")::int AS users FROM assignments
       WHERE "projectId" = $1 AND status IN ('ACTIVE', 'SUBMITTED') GROUP BY 1`,
      [projectId],
    )
  ).rows;

describe('the ranking claim in two round trips', () => {
  it('opening; pick, insert, payload and COMMIT: the task is the labeler’s, on a free slot, with its payload', async () => {
    const { projectId, labelers } = await setup({ items: 3, overlap: 2, labelers: 3 });
    await claimRankingTask({ projectId, userId: labelers[2]! }); // the connection's prepared statements
    const { result, queries } = await roundTrips(() => claimRankingTask({ projectId, userId: labelers[0]! }));

    expect(queries).toBe(2);
    expect(result).toMatchObject({ kind: 'RANK', projectId, resumed: false });
    expect(result?.payload?.assignmentId).toBe(result?.assignmentId);
    expect(result?.payload?.responses.map((r) => r.text).sort()).toEqual(['a', 'b', 'c']);
    const { rows } = await getPgPool().query(`SELECT "userId", status, slot FROM assignments WHERE id = $1`, [result!.assignmentId]);
    expect(rows[0]).toMatchObject({ userId: labelers[0], status: 'ACTIVE' });
    expect([0, 1]).toContain(rows[0].slot);
  });

  it('nothing left: null, nothing written, in two round trips', async () => {
    const { projectId, labelers } = await setup({ items: 1, overlap: 1, labelers: 2 });
    const first = await claimRankingTask({ projectId, userId: labelers[0]! });
    expect(first).not.toBeNull();
    const { result, queries } = await roundTrips(() => claimRankingTask({ projectId, userId: labelers[1]! }));

    expect(result).toBeNull();
    expect(queries).toBe(2);
    const { rows } = await getPgPool().query(`SELECT count(*)::int AS n FROM assignments WHERE "userId" = $1`, [labelers[1]]);
    expect(rows[0].n).toBe(0);
  });

  it('an item the pick calls open but that is full is skipped: the claim runs again without it (two transactions, four round trips), no error', async () => {
    // Item 1 first (highest priority), overlap 1, held by labeler 0; its counter is then set back to 0,
    // so the pick takes it for open and only the insert's fresh read of the slots finds it full.
    const { projectId, labelers, items } = await setup({ items: 2, overlap: 1, labelers: 2, priority: (n) => (n === 1 ? 9 : 0) });
    const first = await claimRankingTask({ projectId, userId: labelers[0]! });
    expect(first?.itemId).toBe(items[0]);
    await getPgPool().query(`UPDATE item_slots SET taken = 0 WHERE "itemId" = $1`, [items[0]]);

    const { result, queries } = await roundTrips(() => claimRankingTask({ projectId, userId: labelers[1]! }));

    expect(result).toMatchObject({ itemId: items[1], resumed: false });
    expect(result?.payload?.assignmentId).toBe(result?.assignmentId);
    expect(queries).toBe(4);
    expect((await held(projectId)).every((r) => r.n === 1)).toBe(true);
  });

  it('racing claimers: every claim answers without an error, no item over its overlap, nobody twice on an item', async () => {
    const { projectId, labelers } = await setup({ items: 6, overlap: 2, labelers: 24 });
    for (let round = 0; round < 3; round++) {
      const claims = await Promise.allSettled(labelers.map((userId) => claimRankingTask({ projectId, userId })));
      expect(claims.filter((c) => c.status === 'rejected')).toEqual([]);
      const tasks = claims.flatMap((c) => (c.status === 'fulfilled' && c.value ? [c.value] : []));
      const counts = await held(projectId);
      expect(counts.every((r) => r.n <= 2 && r.users === r.n)).toBe(true);
      // Submit what was claimed, so the next round takes the remaining slots.
      await Promise.all(
        tasks.map((t, i) =>
          submitRanking({
            userId: claims.flatMap((c, j) =>
              c.status === 'fulfilled' && c.value?.assignmentId === t.assignmentId ? [labelers[j]!] : [],
            )[0]!,
            projectId,
            input: {
              assignmentId: t.assignmentId,
              ranking: t.payload!.responses.map((r) => [r.id]),
              allUnacceptable: false,
              ratings: [],
              promptFlags: [],
              durationMs: 1000 + i,
            },
          }),
        ),
      );
    }
    const counts = await held(projectId);
    expect(counts.map((r) => r.n)).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('a lapsed draft comes back to its labeler with the draft, before any new item', async () => {
    const { projectId, labelers } = await setup({ items: 3, overlap: 1, labelers: 1 });
    const userId = labelers[0]!;
    const claimed = await claimRankingTask({ projectId, userId });
    const shown = claimed!.payload!.responses.map((r) => r.id);
    await saveDraft({
      userId,
      projectId,
      input: { assignmentId: claimed!.assignmentId, draft: ZRankingDraft.parse({ ranking: [[shown[0]!]] }) },
    });
    await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [claimed!.assignmentId]);

    const again = await claimRankingTask({ projectId, userId });

    expect(again).toMatchObject({ assignmentId: claimed!.assignmentId, itemId: claimed!.itemId, resumed: true });
    expect(again?.payload?.draft).toMatchObject({ ranking: [[shown[0]]] });
    const { rows } = await getPgPool().query(`SELECT status, "leaseExpiresAt" > now() AS live FROM assignments WHERE id = $1`, [
      claimed!.assignmentId,
    ]);
    expect(rows[0]).toEqual({ status: 'ACTIVE', live: true });
  });
});
