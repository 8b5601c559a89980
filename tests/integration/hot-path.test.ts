/**
 * The labeler's hot path (issue 23): the ranking submit's lock and stored read go with BEGIN in one
 * round trip (submit.opening). Twin submits queued behind the assignment's row lock still give one
 * judgment and one duplicate: the stored read is its own statement after the lock, so it sees what
 * the twin committed. A non-id is refused as NOT_FOUND before any SQL. A submit that keeps its slot
 * leaves the item row alone; the API's claim reads its payload in the COMMIT's round trip.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb, getPgPool } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';
import { claimRankingTask } from '@/lib/tasks/claim-next';
import { getRankingTaskPayload } from '@/lib/tasks/get-ranking-task-payload';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { raceBehindLock } from '../helpers/race-behind-lock';
import { refusal } from '../helpers/refusal';

async function oneTask() {
  const project = await createProject({
    actorId: null,
    input: { name: 'Hot', slug: `hot-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 1, minResponses: 2, maxResponses: 9 },
  });
  const pool = getPgPool();
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, "updatedAt") VALUES ($1, 'h', 'LABELER', now()) RETURNING id`,
    [`${randomUUID()}@hot.test`],
  );
  const userId = users[0]?.id ?? '';
  const { rows: items } = await pool.query<{ id: string }>(
    `INSERT INTO items ("projectId", "externalId", messages) VALUES ($1, 'i1', '[{"role":"user","content":"q"}]') RETURNING id`,
    [project.id],
  );
  await pool.query(`INSERT INTO responses ("itemId", text) SELECT $1, t FROM unnest(ARRAY['a','b','c']) t`, [items[0]?.id]);
  const task = await claimNextTask({ projectId: project.id, userId });
  if (!task) throw new Error('no task');
  return { projectId: project.id, userId, task };
}

describe('the ranking submit in one opening round trip', () => {
  it('twin submits queued behind the assignment lock: one judgment, the other returns it as a duplicate', async () => {
    const { projectId, userId, task } = await oneTask();
    const input = {
      assignmentId: task.assignmentId,
      ranking: task.shownOrder.map((id) => [id]),
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 5,
    };

    const results = await raceBehindLock(
      { sql: 'SELECT id FROM assignments WHERE id = $1 FOR UPDATE', values: [task.assignmentId] },
      2,
      () => [submitRanking({ userId, projectId, input }), submitRanking({ userId, projectId, input })],
    );

    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const [a, b] = values as [{ judgmentId: string; duplicate: boolean }, { judgmentId: string; duplicate: boolean }];
    expect(a.judgmentId).toBe(b.judgmentId);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(await getDb().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(1);
  });

  it('an assignment id that is not an id is NOT_FOUND, and another labeler cannot submit the task', async () => {
    const { projectId, userId, task } = await oneTask();
    const input = { ranking: task.shownOrder.map((id) => [id]), allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 5 };

    const bad = await refusal(submitRanking({ userId, projectId, input: { ...input, assignmentId: `${task.assignmentId}' OR true --` } }));
    const stranger = await refusal(
      submitRanking({ userId: randomUUID(), projectId, input: { ...input, assignmentId: task.assignmentId } }),
    );

    expect(bad).toMatchObject({ code: 'NOT_FOUND', message: 'No such task' });
    expect(stranger).toMatchObject({ code: 'NOT_FOUND', message: 'No such task' });
    expect(await getDb().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(0);
  });

  it('a submit that keeps its slot leaves the item row as it was (no slot-counter rewrite); the counter stays right', async () => {
    const { projectId, userId, task } = await oneTask();
    const item = () =>
      getPgPool()
        .query<{ xmin: string; taken: number }>(`SELECT xmin::text, "rankSlotsTaken" AS taken FROM items WHERE id = $1`, [task.itemId])
        .then((r) => r.rows[0]);
    const before = await item();
    const input = { ranking: task.shownOrder.map((id) => [id]), allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 5 };

    await submitRanking({ userId, projectId, input: { ...input, assignmentId: task.assignmentId } });

    const after = await item();
    expect(before?.taken).toBe(1);
    expect(after).toEqual(before);
    const { rows } = await getPgPool().query(`SELECT status, slot FROM assignments WHERE id = $1`, [task.assignmentId]);
    expect(rows[0]).toEqual({ status: 'SUBMITTED', slot: 0 });
  });
});

describe("the labeler API's claim reads its payload with the COMMIT", () => {
  it('returns the same payload as the separate read, for a new task and for the live one', async () => {
    const { projectId, userId, task } = await oneTask();
    const live = await claimRankingTask({ projectId, userId });
    const separate = await getRankingTaskPayload({ assignmentId: task.assignmentId, userId, projectId });

    expect(live).toMatchObject({ kind: 'RANK', assignmentId: task.assignmentId, resumed: true });
    expect(separate?.responses.map((r) => r.id)).toEqual(task.shownOrder);
    expect(live?.payload).toEqual(separate);
  });
});
