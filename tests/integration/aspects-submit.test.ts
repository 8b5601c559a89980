/**
 * Aspects in the ranking submit (issue 27): answers are stored with the judgment in the same two
 * round trips, a repeat stores nothing more, an unanswered aspect or an incomplete own ranking is
 * refused naming it, and with aspects off the submit is the one it always was.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ASPECTS } from '@/lib/aspects/schemas';
import { buildProject } from '@/lib/builders';
import { getPgPool } from '@/lib/db';
import { getRankingTask } from '@/lib/tasks/get-ranking-task';
import { getRankingTaskPayload } from '@/lib/tasks/get-ranking-task-payload';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { refusal } from '../helpers/refusal';
import { roundTrips } from '../helpers/round-trips';

async function oneTask(aspects: boolean | 'off-with-list') {
  const project = await buildProject({
    overlap: 1,
    settings: aspects ? { aspects: { enabled: aspects === true, list: DEFAULT_ASPECTS } } : {},
  });
  const pool = getPgPool();
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, "updatedAt") VALUES ($1, 'h', 'LABELER', now()) RETURNING id`,
    [`${randomUUID()}@aspects.test`],
  );
  const userId = users[0]?.id ?? '';
  const { rows: items } = await pool.query<{ id: string }>(
    `INSERT INTO items ("projectId", "externalId", messages) VALUES ($1, 'i1', '[{"role":"user","content":"q"}]') RETURNING id`,
    [project.id],
  );
  await pool.query(`INSERT INTO responses ("itemId", text) SELECT $1, t FROM unnest(ARRAY['a','b','c']) t`, [items[0]?.id]);
  const task = await claimNextTask({ projectId: project.id, userId });
  if (!task) throw new Error('no task');
  const [a, b, c] = task.shownOrder as [string, string, string];
  return { projectId: project.id, userId, task, a, b, c };
}

const storedAspects = async (judgmentId: string) =>
  (
    await getPgPool().query(
      `SELECT aspect, description, "sameAsOverall", ranking FROM judgment_aspects WHERE "judgmentId" = $1 ORDER BY aspect`,
      [judgmentId],
    )
  ).rows;
const judgmentCount = async (assignmentId: string) =>
  Number((await getPgPool().query(`SELECT count(*) AS n FROM judgments WHERE "assignmentId" = $1`, [assignmentId])).rows[0].n);

describe('aspects in the ranking submit', () => {
  it('stores two "same as overall" and one own ranking with the judgment, in two round trips; a repeat stores nothing more', async () => {
    const { projectId, userId, task, a, b, c } = await oneTask(true);
    const input = {
      assignmentId: task.assignmentId,
      ranking: [[a], [b], [c]],
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 10,
      aspects: [
        { aspect: 'honesty', sameAsOverall: false, ranking: [[c], [a, b]] },
        { aspect: 'helpfulness', sameAsOverall: true, ranking: null },
        { aspect: 'harmlessness', sameAsOverall: true, ranking: null },
      ],
    };

    const { result, queries } = await roundTrips(() => submitRanking({ userId, projectId, input }));
    const again = await submitRanking({ userId, projectId, input: { ...input, aspects: [] } });

    expect(result.duplicate).toBe(false);
    expect(queries).toBe(2);
    expect(again).toEqual({ judgmentId: result.judgmentId, duplicate: true });
    expect(await judgmentCount(task.assignmentId)).toBe(1);
    expect(await storedAspects(result.judgmentId)).toEqual([
      { aspect: 'harmlessness', description: DEFAULT_ASPECTS[1]?.description, sameAsOverall: true, ranking: null },
      { aspect: 'helpfulness', description: DEFAULT_ASPECTS[0]?.description, sameAsOverall: true, ranking: null },
      { aspect: 'honesty', description: DEFAULT_ASPECTS[2]?.description, sameAsOverall: false, ranking: [[c], [a, b]] },
    ]);
  });

  it('the task views name the aspects to answer only when the project collects them', async () => {
    const on = await oneTask(true);
    const off = await oneTask('off-with-list');

    const view = await getRankingTask({ assignmentId: on.task.assignmentId, userId: on.userId, projectId: on.projectId });
    const payload = await getRankingTaskPayload({ assignmentId: on.task.assignmentId, userId: on.userId, projectId: on.projectId });
    const offView = await getRankingTask({ assignmentId: off.task.assignmentId, userId: off.userId, projectId: off.projectId });
    const offPayload = await getRankingTaskPayload({ assignmentId: off.task.assignmentId, userId: off.userId, projectId: off.projectId });

    expect(view?.aspects?.map((x) => x.name)).toEqual(['helpfulness', 'harmlessness', 'honesty']);
    expect(payload?.aspects).toEqual(DEFAULT_ASPECTS);
    expect(offView && 'aspects' in offView).toBe(false);
    expect(offPayload && 'aspects' in offPayload).toBe(false);
  });

  it('an aspect not answered is refused naming it ("same as overall" is never assumed); nothing is stored', async () => {
    const { projectId, userId, task, a, b, c } = await oneTask(true);
    const base = {
      assignmentId: task.assignmentId,
      ranking: [[a], [b], [c]],
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 1,
    };

    const missing = await refusal(
      submitRanking({ userId, projectId, input: { ...base, aspects: [{ aspect: 'helpfulness', sameAsOverall: true, ranking: null }] } }),
    );
    const none = await refusal(submitRanking({ userId, projectId, input: base }));
    const incomplete = await refusal(
      submitRanking({
        userId,
        projectId,
        input: {
          ...base,
          aspects: [
            { aspect: 'helpfulness', sameAsOverall: true, ranking: null },
            { aspect: 'harmlessness', sameAsOverall: false, ranking: [[b]] },
            { aspect: 'honesty', sameAsOverall: true, ranking: null },
          ],
        },
      }),
    );
    const unknown = await refusal(
      submitRanking({ userId, projectId, input: { ...base, aspects: [{ aspect: 'verbosity', sameAsOverall: true, ranking: null }] } }),
    );

    expect(missing).toMatchObject({ code: 'INVALID_INPUT', fieldErrors: { aspects: [expect.stringContaining('harmlessness, honesty')] } });
    expect(missing.message).toBe('Aspect not answered: harmlessness, honesty (answer "same as overall" or give its own ranking)');
    expect(none.message).toContain('Aspect not answered: helpfulness, harmlessness, honesty');
    expect(incomplete.message).toBe('Aspect "harmlessness": Every response must be ranked; missing 2');
    expect(unknown.message).toContain('"verbosity" is not an aspect of this project');
    expect(await judgmentCount(task.assignmentId)).toBe(0);
  });

  it('aspects off: the submit is unchanged (two round trips, no aspect rows), and aspects sent anyway are refused naming the field', async () => {
    const { projectId, userId, task, a, b, c } = await oneTask('off-with-list');
    const base = {
      assignmentId: task.assignmentId,
      ranking: [[a], [b, c]],
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 1,
    };

    const sent = await refusal(
      submitRanking({ userId, projectId, input: { ...base, aspects: [{ aspect: 'helpfulness', sameAsOverall: true, ranking: null }] } }),
    );
    const { result, queries } = await roundTrips(() => submitRanking({ userId, projectId, input: base }));

    expect(sent).toMatchObject({
      code: 'INVALID_INPUT',
      fieldErrors: { aspects: ['This project does not collect aspects: leave "aspects" out'] },
    });
    expect(queries).toBe(2);
    expect(result.duplicate).toBe(false);
    expect(await storedAspects(result.judgmentId)).toEqual([]);
  });
});
