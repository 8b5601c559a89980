/**
 * The ranking slot counter in its own table (issue 23, fifth round): item_slots, one row per item,
 * written by triggers. A claim, a release, an expiry and a submit write no new items row version
 * (the counter moved out of items); the counter equals the number of RANK assignments holding a
 * slot after any sequence of claims, submits, skips, releases, expiries and late submits; items
 * inserted (one by one or in bulk), edited (gold, priority) and deleted (one, or a whole project)
 * keep exactly one row each, in step; and a claim skips an item a lead's edit holds instead of
 * waiting for it (waiting there would deadlock with the edit's update of the item's slot row).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertUsers } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { setItemPriority } from '@/lib/items/set-item-priority';
import { claimRankingTask } from '@/lib/tasks/claim-next';
import { submitRanking } from '@/lib/tasks/kinds/rank';
import { releaseTasks } from '@/lib/tasks/release';
import { skipTask } from '@/lib/tasks/skip';

async function setup(o: { items: number; overlap: number; labelers: number }) {
  const project = await buildProject({ name: `Slots ${randomUUID().slice(0, 8)}`, overlap: o.overlap, settings: { goldRate: 0 } });
  const users = await insertUsers({ count: o.labelers, name: (n) => `S${n}` });
  const items = await insertItems({
    projectId: project.id,
    count: o.items,
    prompt: (n) => `Question ${n}`,
    isGold: (n) => n === 1,
    goldRanking: (n) => (n === 1 ? [] : null),
    priority: (n) => n % 3,
    responses: [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
  });
  await getPgPool().query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [
    project.id,
    users.map((u) => u.id),
  ]);
  return { projectId: project.id, labelers: users.map((u) => u.id), items: items.map((i) => i.id) };
}

/** Each item's counter beside the RANK assignments holding one of its slots, and its copied columns beside the item's. */
async function mismatches(projectId: string) {
  const { rows } = await getPgPool().query(
    `SELECT i.id, s.taken, s."isGold" = i."isGold" AND s.priority = i.priority AND s."createdAt" = i."createdAt" AND s."projectId" = i."projectId" AS same,
            (SELECT count(*)::int FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'RANK' AND a.slot IS NOT NULL) AS held
     FROM items i LEFT JOIN item_slots s ON s."itemId" = i.id WHERE i."projectId" = $1`,
    [projectId],
  );
  return rows.filter((r) => r.taken !== r.held || r.same !== true);
}

const itemVersions = async (projectId: string) =>
  (
    await getPgPool().query<{ v: string }>(
      `SELECT id || ':' || xmin::text || ':' || ctid::text AS v FROM items WHERE "projectId" = $1 ORDER BY id`,
      [projectId],
    )
  ).rows.map((r) => r.v);

const rankingOf = (task: { payload?: { responses: { id: string }[] } | null }) => task.payload!.responses.map((r) => [r.id]);

describe('item_slots: the ranking slot counter apart from items', () => {
  it('a claim, a release, an expiry and a submit write no new items row version; the counter follows each', async () => {
    const { projectId, labelers, items } = await setup({ items: 3, overlap: 2, labelers: 3 });
    const [a, b, c] = labelers as [string, string, string];
    const versions = await itemVersions(projectId);
    const taken = async (itemId: string) =>
      (await getPgPool().query<{ taken: number }>(`SELECT taken FROM item_slots WHERE "itemId" = $1`, [itemId])).rows[0]?.taken;

    const first = await claimRankingTask({ projectId, userId: a });
    expect(await taken(first!.itemId)).toBe(1);
    await submitRanking({
      userId: a,
      projectId,
      input: {
        assignmentId: first!.assignmentId,
        ranking: rankingOf(first!),
        allUnacceptable: false,
        ratings: [],
        promptFlags: [],
        durationMs: 5,
      },
    });
    const second = await claimRankingTask({ projectId, userId: b });
    expect(second?.itemId).toBe(first!.itemId); // fullest first
    expect(await taken(first!.itemId)).toBe(2);
    await getDb().$transaction((tx) => releaseTasks(tx, { userId: b, projectId }));
    expect(await taken(first!.itemId)).toBe(1);
    const third = await claimRankingTask({ projectId, userId: c });
    await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [third!.assignmentId]);
    await claimRankingTask({ projectId, userId: b }); // its sweep expires c's lease
    expect((await getPgPool().query(`SELECT status FROM assignments WHERE id = $1`, [third!.assignmentId])).rows[0]?.status).toBe(
      'EXPIRED',
    );

    expect(await itemVersions(projectId)).toEqual(versions);
    expect(await mismatches(projectId)).toEqual([]);
    expect(items).toContain(first!.itemId);
  });

  it('after a random sequence of claims, submits, skips, releases, expiries and late submits the counter equals the slots held', async () => {
    const { projectId, labelers } = await setup({ items: 8, overlap: 3, labelers: 6 });
    let seed = 23;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const live = new Map<string, { assignmentId: string; payload?: { responses: { id: string }[] } | null }>();
    const done = { claim: 0, submit: 0, skip: 0, release: 0, expire: 0 };
    for (let step = 0; step < 120; step++) {
      const userId = labelers[Math.floor(random() * labelers.length)]!;
      const task = live.get(userId);
      const roll = random();
      if (!task) {
        const claimed = await claimRankingTask({ projectId, userId, random });
        if (claimed) live.set(userId, claimed);
        done.claim++;
      } else if (roll < 0.45) {
        // A late submit too, when its lease ran out (it takes a slot again while the item has one).
        await submitRanking({
          userId,
          projectId,
          input: {
            assignmentId: task.assignmentId,
            ranking: rankingOf(task),
            allUnacceptable: false,
            ratings: [],
            promptFlags: [],
            durationMs: 5,
          },
        }).catch((error: { code?: string }) => expect(error.code).toBe('CONFLICT'));
        live.delete(userId);
        done.submit++;
      } else if (roll < 0.6) {
        await skipTask({ userId, projectId, input: { assignmentId: task.assignmentId, reason: 'other', note: 'test' } }).catch(
          (error: { code?: string }) => expect(error.code).toBe('CONFLICT'),
        );
        live.delete(userId);
        done.skip++;
      } else if (roll < 0.75) {
        await getDb().$transaction((tx) => releaseTasks(tx, { userId, projectId }));
        live.delete(userId);
        done.release++;
      } else {
        // The lease runs out: the next claim's sweep (anyone's) frees the slot, or this labeler submits late.
        await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [task.assignmentId]);
        done.expire++;
      }
      expect(await mismatches(projectId)).toEqual([]);
    }
    expect(Object.values(done).every((n) => n > 0)).toBe(true);
    const { rows } = await getPgPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM assignments WHERE "projectId" = $1 AND status = 'SUBMITTED'`,
      [projectId],
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('inserts, gold and priority edits and deletes (one item, or a whole project) keep one row per item, in step', async () => {
    const { projectId, items } = await setup({ items: 4, overlap: 2, labelers: 1 });
    const lead = await insertUsers({ count: 1, name: () => 'Lead' });
    expect(await mismatches(projectId)).toEqual([]);
    expect((await getPgPool().query(`SELECT count(*)::int AS n FROM item_slots WHERE "projectId" = $1`, [projectId])).rows[0]?.n).toBe(4);

    await setItemPriority({ actorId: lead[0]!.id, input: { projectId, itemId: items[2]!, priority: 9 } });
    await getPgPool().query(`UPDATE items SET "isGold" = true WHERE id = $1`, [items[3]]);
    expect(
      (
        await getPgPool().query(`SELECT priority, "isGold" FROM item_slots WHERE "itemId" = ANY($1::uuid[]) ORDER BY priority`, [
          items.slice(2),
        ])
      ).rows,
    ).toEqual([
      { priority: 1, isGold: true },
      { priority: 9, isGold: false },
    ]);
    expect(await mismatches(projectId)).toEqual([]);

    await getPgPool().query(`DELETE FROM items WHERE id = $1`, [items[0]]);
    expect((await getPgPool().query(`SELECT count(*)::int AS n FROM item_slots WHERE "itemId" = $1`, [items[0]])).rows[0]?.n).toBe(0);
    expect(await mismatches(projectId)).toEqual([]);

    await getDb().project.delete({ where: { id: projectId } });
    expect((await getPgPool().query(`SELECT count(*)::int AS n FROM item_slots WHERE "projectId" = $1`, [projectId])).rows[0]?.n).toBe(0);
  });

  it('a claim skips an item a lead’s edit holds locked, without waiting, and takes the next one', async () => {
    const { projectId, labelers, items } = await setup({ items: 2, overlap: 2, labelers: 1 });
    // Item 2 has priority 2 (n % 3), so the claim would take it first; the edit holds it (lockItem: FOR UPDATE).
    const edit = await getPgPool().connect();
    try {
      await edit.query('BEGIN');
      await edit.query(`SELECT id FROM items WHERE id = $1 FOR UPDATE`, [items[1]]);
      const claimed = await claimRankingTask({ projectId, userId: labelers[0]! });
      expect(claimed?.itemId).toBe(items[0]);
      // The edit's own update (the item_slots row follows it) then goes through.
      await edit.query(`UPDATE items SET priority = 7 WHERE id = $1`, [items[1]]);
      await edit.query('COMMIT');
    } finally {
      edit.release();
    }
    expect(await mismatches(projectId)).toEqual([]);
  });
});
