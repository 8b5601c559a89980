/**
 * The assignment engine against a real PostgreSQL, under concurrency: overlap is never
 * exceeded, nobody gets an item twice, every claim is answered, expired leases free their slot,
 * gold items come at the gold rate, and nobody judges their own text.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertUsers } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { submitAsShown } from '../helpers/submit-as-shown';
import { refusal } from '../helpers/refusal';

async function setup(options: { items: number; overlap: number; labelers: number; gold?: number; settings?: Record<string, number> }) {
  const project = await buildProject({ name: 'Engine', overlap: options.overlap, settings: options.settings });
  // Plain inserts: hundreds of accounts through createUser would spend seconds hashing passwords.
  const users = await insertUsers({ count: options.labelers, name: (n) => `L${n}` });
  const items = await insertItems({
    projectId: project.id,
    count: options.items,
    prompt: 'q',
    isGold: (n) => n <= (options.gold ?? 0),
    responses: [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
  });
  return { project, labelers: users.map((u) => u.id), items: items.map((i) => i.id) };
}

const submit = (userId: string, task: { projectId: string; assignmentId: string; shownOrder: string[] }) => submitAsShown(userId, task);

describe('claimNextTask under concurrency', () => {
  it('50 parallel claimers, 30 items, overlap 3, 20 labelers: every item complete, never over-filled, nobody twice', async () => {
    const { project, labelers, items } = await setup({ items: 30, overlap: 3, labelers: 20 });
    let claims = 0;
    let answered = 0;
    const worker = async (w: number) => {
      const userId = labelers[w % labelers.length] ?? '';
      for (let idle = 0; idle < 3;) {
        claims += 1;
        const task = await claimNextTask({ projectId: project.id, userId });
        answered += 1;
        if (!task) {
          idle += 1; // SKIP LOCKED can pass over an item another claimer holds for a moment
          await new Promise((r) => setTimeout(r, 20));
          continue;
        }
        idle = 0;
        await submit(userId, task);
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, w) => worker(w)));

    expect(answered).toBe(claims);
    const perItem = await getPgPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM judgments WHERE "itemId" = ANY($1::uuid[]) GROUP BY "itemId"`,
      [items],
    );
    expect(perItem.rows).toHaveLength(30);
    expect(perItem.rows.every((r) => r.n === 3)).toBe(true);
    const twice = await getPgPool().query(
      `SELECT "itemId", "userId" FROM judgments WHERE "itemId" = ANY($1::uuid[]) GROUP BY 1, 2 HAVING count(*) > 1`,
      [items],
    );
    expect(twice.rows).toEqual([]);
    expect(await claimNextTask({ projectId: project.id, userId: labelers[0] ?? '' })).toBeNull();
  });

  it('a repeated claim returns the live assignment; a repeated submit returns the first judgment', async () => {
    const { project, labelers } = await setup({ items: 2, overlap: 1, labelers: 1 });
    const userId = labelers[0] ?? '';
    const [a, b] = await Promise.all([claimNextTask({ projectId: project.id, userId }), claimNextTask({ projectId: project.id, userId })]);
    expect(a?.assignmentId).toBe(b?.assignmentId);
    expect([a?.resumed, b?.resumed].sort()).toEqual([false, true]);
    const task = a ?? b;
    if (!task) throw new Error('no task');
    const [first, second] = await Promise.all([submit(userId, task), submit(userId, task)]);
    expect(first.judgmentId).toBe(second.judgmentId);
    expect([first.duplicate, second.duplicate].sort()).toEqual([false, true]);
    expect(await getDb().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(1);
  });

  it('an expired lease returns its slot; the late labeler still submits while the item has room, and is refused once it is full', async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 2, labelers: 3 });
    const [late, other, third] = labelers as [string, string, string];
    const held = await claimNextTask({ projectId: project.id, userId: late });
    if (!held) throw new Error('no task');
    await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [held.assignmentId]);

    const a = await claimNextTask({ projectId: project.id, userId: other });
    const b = await claimNextTask({ projectId: project.id, userId: third });
    // Both slots were free again: each labeler got a new assignment of the one item.
    expect(a).toMatchObject({ projectId: project.id, itemId: held.itemId, resumed: false });
    expect(b).toMatchObject({ projectId: project.id, itemId: held.itemId, resumed: false });
    expect(new Set([held.assignmentId, a!.assignmentId, b!.assignmentId]).size).toBe(3);
    await submit(other, a!);
    const refused = await refusal(submit(late, held));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/still on this page/);
    await submit(third, b!);
    expect(await getDb().judgment.count({ where: { item: { projectId: project.id } } })).toBe(2);
  });

  it('a late labeler whose slot was not taken can still submit', async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 2, labelers: 1 });
    const held = await claimNextTask({ projectId: project.id, userId: labelers[0] ?? '' });
    await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [held?.assignmentId]);
    const result = await submit(labelers[0] ?? '', held!);
    expect(result.duplicate).toBe(false);
  });

  it('hands gold items at the project gold rate (binomial tolerance)', async () => {
    const { project, labelers, items } = await setup({ items: 40, overlap: 400, labelers: 300, gold: 20, settings: { goldRate: 0.3 } });
    const gold = new Set(items.slice(0, 20));
    let goldClaims = 0;
    for (const userId of labelers) {
      const task = await claimNextTask({ projectId: project.id, userId });
      if (task && gold.has(task.itemId)) goldClaims += 1;
    }
    const n = labelers.length;
    const sd = Math.sqrt(n * 0.3 * 0.7);
    expect(Math.abs(goldClaims - n * 0.3)).toBeLessThan(4 * sd);
  });

  it('never hands a labeler an item with a response they wrote', async () => {
    const { project, labelers, items } = await setup({ items: 3, overlap: 3, labelers: 1 });
    const userId = labelers[0] ?? '';
    await getPgPool().query(`UPDATE responses SET "authorId" = $1 WHERE "itemId" = $2`, [userId, items[0]]);
    const seen: string[] = [];
    for (
      let task = await claimNextTask({ projectId: project.id, userId });
      task;
      task = await claimNextTask({ projectId: project.id, userId })
    ) {
      seen.push(task.itemId);
      await submit(userId, task);
    }
    expect(seen.sort()).toEqual([items[1], items[2]].sort());
  });

  it('the database itself refuses a slot beyond the overlap and a second holder of a slot', async () => {
    const { project, labelers, items } = await setup({ items: 1, overlap: 2, labelers: 3 });
    const insert = (userId: string, slot: number) =>
      getPgPool().query(
        `INSERT INTO assignments ("projectId", "itemId", "userId", "leaseExpiresAt", "shownOrder", slot) VALUES ($1, $2, $3, now() + interval '1 hour', '{}', $4)`,
        [project.id, items[0], userId, slot],
      );
    await expect(insert(labelers[0] ?? '', 2)).rejects.toThrow(/outside the overlap/);
    await insert(labelers[0] ?? '', 0);
    await expect(insert(labelers[1] ?? '', 0)).rejects.toThrow(/assignments_itemId_kind_slot_key/);
  });

  it('refuses a ranking that is not a weak order over exactly the task responses', async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 1 });
    const userId = labelers[0] ?? '';
    const task = await claimNextTask({ projectId: project.id, userId });
    if (!task) throw new Error('no task');
    const [x, y, z] = task.shownOrder as [string, string, string];
    const attempt = (ranking: string[][]) =>
      refusal(
        submitRanking({
          userId,
          projectId: project.id,
          input: { assignmentId: task.assignmentId, ranking, allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 5 },
        }),
      );
    expect((await attempt([[x], [y]])).message).toBe('Every response must be ranked; missing 1');
    expect((await attempt([[x], [y, x], [z]])).message).toMatch(/ranked more than once/);
    expect((await attempt([[x, y, z], [randomUUID()]])).message).toMatch(/not in this task/);
    expect(await getDb().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(0);
    // Ties are fine.
    await submitRanking({
      userId,
      projectId: project.id,
      input: {
        assignmentId: task.assignmentId,
        ranking: [[x, y], [z]],
        allUnacceptable: false,
        ratings: [],
        promptFlags: [],
        durationMs: 5,
      },
    });
    expect(await getDb().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(1);
  });

  it('another labeler cannot submit to my assignment', async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 2, labelers: 2 });
    const task = await claimNextTask({ projectId: project.id, userId: labelers[0] ?? '' });
    const refused = await refusal(submit(labelers[1] ?? '', task!));
    expect(refused.code).toBe('NOT_FOUND');
  });
});
