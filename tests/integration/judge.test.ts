/**
 * Issue 25: the AI judge through the generation job queue against the local Chat Completions server
 * returning fixed judgments: labels stored apart with their provenance, the shown order as a labeler
 * sees it, rule-breaking answers refused, retried, then failed with the reason; the agreement figures
 * equal hand-computed ones; judge labels count toward no human statistic.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDisagreementQueue } from '@/lib/dashboard/find-disagreement-queue';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { getModelScores } from '@/lib/dashboard/get-model-scores';
import { getPgPool } from '@/lib/db';
import { runGenerationJob } from '@/lib/generation/run-generation-job';
import { cancelGenerationJob } from '@/lib/generation/cancel-generation-job';
import { createJudgeJob } from '@/lib/generation/create-judge-job';
import { getJudgeAgreement } from '@/lib/judge/get-judge-agreement';
import { saveJudgeTemplate } from '@/lib/judge/save-judge-template';
import { wilsonInterval } from '@/lib/stats';
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { drainJobs } from '../helpers/drain-jobs';
import { fixedJudge, makeJudgeProject } from '../helpers/judge-fixture';
import { lastUserContent, rankingAnswer, shownAnswers } from '../helpers/judge-responder';

const setup = () => makeJudgeProject({ baseUrl: server.url });

const q = <T extends object>(text: string, values: unknown[] = []) =>
  getPgPool()
    .query<T & Record<string, unknown>>(text, values)
    .then((r) => r.rows);

/** What the server answers per prompt; set by each test. */
let respond: (content: string) => string | undefined = () => undefined;
let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ respond: (body) => respond(lastUserContent(body)) });
});
afterAll(() => server.close());

describe('the AI judge', () => {
  it('labels every item in both orders, as a labeler sees it, stored apart with its provenance; agreement equals the hand-computed figures', async () => {
    respond = fixedJudge;
    server.reset();
    const s = await setup();
    await drainJobs({ projectId: s.project.id });
    const before = {
      agreement: await getAgreementSummary({ projectId: s.project.id }),
      models: await getModelScores({ projectId: s.project.id }),
      queue: await findDisagreementQueue({ projectId: s.project.id }),
      judgments: await q(`SELECT count(*)::int AS n FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1`, [
        s.project.id,
      ]),
      stats: await q(`SELECT "itemId", judgments, agreement FROM item_stats WHERE "projectId" = $1 ORDER BY "itemId"`, [s.project.id]),
    };
    const { jobId, taskCount } = await createJudgeJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionId: s.connection.id, items: { by: 'labeled' } },
    });
    expect(taskCount).toBe(8);
    await runGenerationJob({ jobId, runner: 0 });
    expect((await q(`SELECT status::text AS status, "doneCount" FROM generation_jobs WHERE id = $1`, [jobId]))[0]).toEqual({
      status: 'FINISHED',
      doneCount: 8,
    });

    // What the judge was sent: the texts under letters, no model name, no response id.
    for (const body of server.stats().bodies) {
      const content = lastUserContent(body);
      expect(content).not.toContain('m-good');
      expect(content).not.toContain('m-bad');
      for (const item of s.items) for (const r of item.responses) expect(content).not.toContain(r.id);
    }
    const labels = await q<{
      itemId: string;
      reversed: boolean;
      shownOrder: string[];
      ranking: string[][];
      connectionName: string;
      model: string;
      modelReported: string;
      templateVersion: number;
      latencyMs: number;
      promptTokens: number;
    }>(
      `SELECT "itemId", reversed, "shownOrder", ranking, "connectionName", model, "modelReported", "templateVersion", "latencyMs", "promptTokens"
         FROM judge_labels WHERE "jobId" = $1 ORDER BY "itemId", reversed`,
      [jobId],
    );
    expect(labels).toHaveLength(8);
    for (const l of labels) {
      expect(l).toMatchObject({ connectionName: 'Judge conn', model: 'judge-model', modelReported: 'judge-model', templateVersion: 0 });
      expect(l.latencyMs).toEqual(expect.any(Number));
      expect(l.promptTokens).toBeGreaterThan(0);
    }
    // The reversed question shows the same responses backwards.
    for (let k = 0; k < 8; k += 2) expect(labels[k + 1]!.shownOrder).toEqual([...labels[k]!.shownOrder].reverse());

    // Hand-computed (see the comments of the setup): judge vs consensus 2/3 (ties as disagreement 2/4),
    // judge vs labelers 5/8 (5/9), labelers vs labelers 3/4 (3/6), position consistency 3 of 4 pairs.
    const { run, agreement } = await getJudgeAgreement({ projectId: s.project.id, resamples: 200 });
    expect(run).toMatchObject({ jobId, connectionName: 'Judge conn', model: 'judge-model', templateVersion: 0, labels: 8 });
    expect(agreement.items).toBe(4);
    expect(agreement.judgeVsConsensus.tiesExcluded).toMatchObject({ agree: 2, compared: 3 });
    expect(agreement.judgeVsConsensus.tiesAsDisagreement).toMatchObject({ agree: 2, compared: 4 });
    expect(agreement.judgeVsLabelers.tiesExcluded).toMatchObject({ agree: 5, compared: 8 });
    expect(agreement.judgeVsLabelers.tiesAsDisagreement).toMatchObject({ agree: 5, compared: 9 });
    expect(agreement.humanVsHuman.tiesExcluded).toMatchObject({ agree: 3, compared: 4 });
    expect(agreement.humanVsHuman.tiesAsDisagreement).toMatchObject({ agree: 3, compared: 6 });
    expect(agreement.positionConsistency).toEqual({ ...wilsonInterval(3, 4), consistent: 3, pairs: 4 });
    expect(agreement.disagreeingItems).toEqual([s.items[1]!.id]);
    const scores = new Map(agreement.modelScores.map((m) => [m.model, m]));
    expect(scores.get('m-good')!.judge!).toBeGreaterThan(scores.get('m-bad')!.judge!);

    // No human statistic moved: judgments, item stats, agreement, model scores, the queue.
    expect(
      await q(`SELECT count(*)::int AS n FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1`, [s.project.id]),
    ).toEqual(before.judgments);
    expect(
      await q(`SELECT "itemId", judgments, agreement FROM item_stats WHERE "projectId" = $1 ORDER BY "itemId"`, [s.project.id]),
    ).toEqual(before.stats);
    const after = await getAgreementSummary({ projectId: s.project.id });
    expect(after.pairwise).toEqual(before.agreement.pairwise);
    expect((await getModelScores({ projectId: s.project.id })).leaderboard).toEqual(before.models.leaderboard);
    await drainJobs({ projectId: s.project.id });
    const queue = await findDisagreementQueue({ projectId: s.project.id });
    expect(queue.rows).toHaveLength(4);
    expect(queue.rows.map((r) => [r.itemId, r.judgments, r.agreement])).toEqual(
      before.queue.rows.map((r) => [r.itemId, r.judgments, r.agreement]),
    );
    // The queue marks where the judge goes against a strict consensus (item 2); item 3 has none (1 to 1).
    expect(before.queue.rows.every((r) => r.judgeDisagrees === undefined)).toBe(true);
    expect(Object.fromEntries(queue.rows.map((r) => [r.itemId, r.judgeDisagrees]))).toEqual({
      [s.items[0]!.id]: false,
      [s.items[1]!.id]: true,
      [s.items[2]!.id]: false,
      [s.items[3]!.id]: false,
    });
  });

  it('refuses answers that break the rules, retries them, then records the task as failed with the reason', async () => {
    server.reset();
    const s = await setup();
    const tries = new Map<string, number>();
    respond = (content) => {
      const item = /Item (\d)\?/.exec(content)?.[1] ?? '?';
      const n = (tries.get(item) ?? 0) + 1;
      tries.set(item, n);
      const answers = shownAnswers(content);
      const valid = rankingAnswer(answers, (a) => (a.text.startsWith('good') ? 6 : 2));
      if (item === '1') return n === 1 ? '{"ranking": [["A"], ' : valid; // invalid JSON once, then fine
      if (item === '2') return JSON.stringify({ ranking: [['A'], ['C']], ratings: { A: { likert: 5 }, C: { likert: 2 } } }); // wrong letter
      if (item === '3') return JSON.stringify({ ranking: [['A']], ratings: { A: { likert: 5 } } }); // a missing response
      return '<html>not json</html>';
    };
    const { jobId } = await createJudgeJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionId: s.connection.id, items: { by: 'all' }, reversed: false, attempts: 2 },
    });
    await runGenerationJob({ jobId, runner: 0 });
    const tasks = await q<{ itemId: string; status: string; attempts: number; lastErrorKind: string | null; lastError: string | null }>(
      `SELECT "itemId", status::text AS status, attempts, "lastErrorKind", "lastError" FROM generation_tasks WHERE "jobId" = $1`,
      [jobId],
    );
    const byItem = (n: number) => tasks.find((t) => t.itemId === s.items[n - 1]!.id)!;
    expect(byItem(1)).toMatchObject({
      status: 'DONE',
      attempts: 2,
      lastErrorKind: 'invalid_answer',
      lastError: 'The answer is not valid JSON',
    });
    expect(byItem(2)).toMatchObject({ status: 'FAILED', attempts: 2, lastErrorKind: 'invalid_answer' });
    expect(byItem(2).lastError).toMatch(/"C" is not one of the shown letters \(A, B\)/);
    expect(byItem(3)).toMatchObject({ status: 'FAILED', attempts: 2, lastError: 'Every response must be ranked; missing 1' });
    expect(byItem(4)).toMatchObject({ status: 'FAILED', attempts: 2, lastError: 'The answer is not valid JSON' });
    expect(tries.get('2')).toBe(2);
    const stored = await q<{ itemId: string }>(`SELECT "itemId" FROM judge_labels WHERE "jobId" = $1`, [jobId]);
    expect(stored.map((l) => l.itemId)).toEqual([s.items[0]!.id]);
  });

  it('uses the template version asked for, and records it', async () => {
    respond = fixedJudge;
    server.reset();
    const s = await setup();
    const { version } = await saveJudgeTemplate({
      actorId: s.lead.id,
      input: {
        projectId: s.project.id,
        text: 'Judge these carefully. {conversation}\n{responses}\nFlags an answer may get:\n{flags}\nJSON please.',
      },
    });
    const { jobId } = await createJudgeJob({
      actorId: s.lead.id,
      input: {
        projectId: s.project.id,
        connectionId: s.connection.id,
        templateVersion: version,
        items: { by: 'sample', size: 2, seed: 1 },
        reversed: false,
      },
    });
    await runGenerationJob({ jobId, runner: 0 });
    expect(server.stats().bodies.every((b) => lastUserContent(b).startsWith('Judge these carefully.'))).toBe(true);
    const labels = await q<{ templateVersion: number }>(`SELECT "templateVersion" FROM judge_labels WHERE "jobId" = $1`, [jobId]);
    expect(labels).toEqual([{ templateVersion: version }, { templateVersion: version }]);
  });

  it('a cancelled run sends nothing and stores no label', async () => {
    respond = fixedJudge;
    server.reset();
    const s = await setup();
    const { jobId } = await createJudgeJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionId: s.connection.id, items: { by: 'all' } },
    });
    await cancelGenerationJob({ actorId: s.lead.id, projectId: s.project.id, jobId });
    await runGenerationJob({ jobId, runner: 0 });
    expect(server.stats().requests).toBe(0);
    expect(await q(`SELECT count(*)::int AS n FROM judge_labels WHERE "jobId" = $1`, [jobId])).toEqual([{ n: 0 }]);
    expect((await q(`SELECT status::text AS status FROM generation_jobs WHERE id = $1`, [jobId]))[0]).toEqual({ status: 'CANCELLED' });
  });
});
