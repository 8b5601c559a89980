/**
 * The labeler's hot path (issue 23): the ranking submit's lock and stored read go with BEGIN in one
 * round trip (submit.opening). Twin submits queued behind the assignment's row lock still give one
 * judgment and one duplicate: the stored read is its own statement after the lock, so it sees what
 * the twin committed. A non-id is refused as NOT_FOUND before any SQL.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb, getPgPool } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';
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
});
