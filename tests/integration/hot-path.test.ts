/**
 * The labeler's hot path (issue 23): the ranking submit's lock and stored read go with BEGIN in one
 * round trip (submit.opening). Twin submits queued behind the assignment's row lock still give one
 * judgment and one duplicate: the stored read is its own statement after the lock, so it sees what
 * the twin committed. A non-id is refused as NOT_FOUND before any SQL. A submit that keeps its slot
 * leaves the item slot row alone; the API's claim reads its payload in the COMMIT's round trip. The
 * submit's stats load goes in the opening, behind the item's lock; its mark, judgment (with its
 * ratings) and stats write go with COMMIT: two round trips, storing what the labeler sent, with the
 * item's stats counting that judgment.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { getDb, getPgPool } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';
import { claimRankingTask } from '@/lib/tasks/claim-next';
import { getRankingTaskPayload } from '@/lib/tasks/get-ranking-task-payload';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { raceBehindLock } from '../helpers/race-behind-lock';
import { refusal } from '../helpers/refusal';
import { roundTrips } from '../helpers/round-trips';

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

  it('a submit that keeps its slot leaves the item slot row as it was (no slot-counter rewrite); the counter stays right', async () => {
    const { projectId, userId, task } = await oneTask();
    const item = () =>
      getPgPool()
        .query<{ xmin: string; taken: number }>(`SELECT xmin::text, taken FROM item_slots WHERE "itemId" = $1`, [task.itemId])
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

describe('the ranking submit in two round trips', () => {
  it('opening with the stats load; mark, judgment with ratings and stats write with COMMIT: stores what was sent, with its stats', async () => {
    const { projectId, userId, task } = await oneTask();
    const [a, b, c] = task.shownOrder as [string, string, string];
    const input = {
      assignmentId: task.assignmentId,
      ranking: [[b], [a, c]],
      allUnacceptable: false,
      ratings: [
        { responseId: a, likert: 2, flags: [], flaws: [] },
        { responseId: b, likert: null, flags: [], flaws: [] },
      ],
      promptFlags: [],
      durationMs: 4321,
    };

    const { result, queries } = await roundTrips(() => submitRanking({ userId, projectId, input }));

    expect(result.duplicate).toBe(false);
    expect(queries).toBe(2);
    const { rows: judgments } = await getPgPool().query(
      `SELECT ranking, "allUnacceptable", "restGroupedBelow", "promptFlags", "durationMs", warnings, "userId", "itemId" FROM judgments WHERE id = $1`,
      [result.judgmentId],
    );
    expect(judgments).toEqual([
      {
        ranking: [[b], [a, c]],
        allUnacceptable: false,
        restGroupedBelow: false,
        promptFlags: [],
        durationMs: 4321,
        warnings: ['missing_likert'],
        userId,
        itemId: task.itemId,
      },
    ]);
    const { rows: ratings } = await getPgPool().query(
      `SELECT "responseId", likert, flags, flaws FROM response_ratings WHERE "judgmentId" = $1 ORDER BY likert NULLS LAST`,
      [result.judgmentId],
    );
    expect(ratings).toEqual([
      { responseId: a, likert: 2, flags: [], flaws: [] },
      { responseId: b, likert: null, flags: [], flaws: [] },
    ]);
    const { rows: stats } = await getPgPool().query(`SELECT judgments, stale FROM item_stats WHERE "itemId" = $1`, [task.itemId]);
    expect(stats).toEqual([{ judgments: 1, stale: false }]);
  });

  it('flags and flaw notes are stored as sent (a flaw span costs one read of the texts)', async () => {
    const { projectId, userId, task } = await oneTask();
    const [a] = task.shownOrder as [string];
    const flaw = {
      start: 0,
      end: 1,
      category: 'other' as const,
      severity: 2,
      comment: "it's \\ 'quoted' $1 -- not SQL; ملاحظة 日本語 é 🙂",
    };
    const input = {
      assignmentId: task.assignmentId,
      ranking: task.shownOrder.map((id) => [id]),
      allUnacceptable: false,
      ratings: [{ responseId: a, likert: 5, flags: ['hallucination', 'harmful_advice'], flaws: [flaw] }],
      promptFlags: ['ambiguous'],
      durationMs: 5,
    };

    const { judgmentId } = await submitRanking({ userId, projectId, input });

    const { rows } = await getPgPool().query(
      `SELECT j."promptFlags", r.flags, r.flaws FROM judgments j JOIN response_ratings r ON r."judgmentId" = j.id WHERE j.id = $1`,
      [judgmentId],
    );
    expect(rows).toEqual([{ promptFlags: ['ambiguous'], flags: ['hallucination', 'harmful_advice'], flaws: [flaw] }]);
  });
});

describe('a judgment of an item its own transaction recomputes', () => {
  it("leaves that item's stats row alone; judgments of other items in the statement still mark theirs stale", async () => {
    const one = await oneTask();
    const two = await oneTask();
    const pool = getPgPool();
    const stale = async () =>
      (await pool.query(`SELECT "itemId", stale FROM item_stats WHERE "itemId" = ANY($1::uuid[])`, [[one.task.itemId, two.task.itemId]]))
        .rows;
    const insert = (client: pg.PoolClient, itemIds: string[]) =>
      client.query(
        `INSERT INTO judgments ("itemId", "userId", ranking, "taxonomyVersion", "durationMs", "promptFlags", source)
         SELECT i, $2, '[]', 1, 1, '{}', 'IMPORTED' FROM unnest($1::uuid[]) i`,
        [itemIds, one.userId],
      );
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SELECT set_config('preflab.stats_recomputed_item', $1, true)`, [one.task.itemId]);
      await insert(client, [one.task.itemId]);
      expect(await client.query(`SELECT 1 FROM item_stats WHERE "itemId" = $1`, [one.task.itemId]).then((r) => r.rowCount)).toBe(0);
      await insert(client, [one.task.itemId, two.task.itemId]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }

    expect(await stale()).toEqual(
      expect.arrayContaining([
        { itemId: one.task.itemId, stale: true },
        { itemId: two.task.itemId, stale: true },
      ]),
    );
    // Deletes (no new rows) mark as before.
    await pool.query(`UPDATE item_stats SET stale = false WHERE "itemId" = $1`, [two.task.itemId]);
    await pool.query(`DELETE FROM judgments WHERE "itemId" = $1 AND source = 'IMPORTED'`, [two.task.itemId]);
    expect(await stale()).toContainEqual({ itemId: two.task.itemId, stale: true });
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
