/**
 * Issue 25: assistance while labeling against a real Chat Completions server on a local port
 * (tests/helpers/chat-server.ts) and a real PostgreSQL: requests stored with their provenance, the
 * prompt holding response text and letters but no model ids, a 429 and a timeout stored as failures
 * in words and then retried, repeats answered from the store, another labeler refused, look time
 * clamped and idempotent, arms drawn once and balanced under concurrency, the dashboard's figures.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModelConnection, buildProject, buildUser, insertItems, insertMemberships } from '@/lib/builders';
import { askAssistant } from '@/lib/assist/ask-assistant';
import { drawAssistanceArm } from '@/lib/assist/draw-assistance-arm';
import { findAssistanceFigures } from '@/lib/assist/find-assistance-figures';
import { getAssistanceView } from '@/lib/assist/get-assistance-view';
import { recordAssistanceLook } from '@/lib/assist/record-assistance-look';
import { ZAskAssistant } from '@/lib/assist/schemas';
import { updateAssistanceSettings } from '@/lib/assist/update-assistance-settings';
import { getDb, getPgPool } from '@/lib/db';
import { releaseTasks } from '@/lib/tasks/release';
import { claimRankingTask } from '@/lib/tasks/claim-next';
import { submitRanking } from '@/lib/tasks/kinds/rank';
import { claimDetectTask, getDetectTask, submitDetectTrial } from '@/lib/tasks/kinds/detect';
import { seededRandom } from '@/lib/stats';
import { formatSchema } from '@/lib/export/format-schema';
import { rawRows } from '@/lib/export/format-rows';
import { loadExportItems } from '@/lib/export/load-export-items';
import { toExportSettings, ZExportRequest } from '@/lib/export/schemas';
import { encodeParquet } from '@/lib/export/write-parquet';
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { FLAWED_TEXT, makeEvalWorld, ORIGINAL_TEXT } from '../helpers/critique-eval-fixture';

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ seed: 25 });
});
afterAll(() => server.close());

const q = <T extends object>(text: string, values: unknown[] = []) =>
  getPgPool()
    .query<T & Record<string, unknown>>(text, values)
    .then((r) => r.rows);

let keys = 0;
const key = () => `key-${++keys}-${Date.now()}`;

async function setup(options: { randomize?: boolean; timeoutMs?: number; items?: number } = {}) {
  const lead = await buildUser({ role: 'LEAD' });
  const [ana, ben] = [await buildUser({ role: 'LABELER' }), await buildUser({ role: 'LABELER' })];
  const project = await buildProject({ members: [lead.email], overlap: 2 });
  await insertMemberships({ projectId: project.id, userIds: [ana.id, ben.id] });
  const items = await insertItems({
    projectId: project.id,
    count: options.items ?? 3,
    prompt: (n) => `What is the capital of country ${n}?`,
    responses: ['Paris is the capital. It has 2 million people.', 'The capital is Lyon.'],
  });
  const connection = await buildModelConnection({
    projectId: project.id,
    baseUrl: server.url,
    model: 'assistant-model',
    timeoutMs: options.timeoutMs ?? 60_000,
  });
  await updateAssistanceSettings({
    actorId: lead.id,
    projectId: project.id,
    input: {
      enabled: true,
      connectionId: connection.id,
      kinds: ['CRITIQUE', 'EXPLAIN', 'FACT_CHECK', 'SUMMARY'],
      randomize: options.randomize ?? false,
    },
  });
  return { lead, ana, ben, project, items, connection };
}

type Setup = Awaited<ReturnType<typeof setup>>;

async function claim(s: Setup, userId: string) {
  const task = await claimRankingTask({ projectId: s.project.id, userId });
  if (!task) throw new Error('no task');
  const [assignment] = await q<{ shownOrder: string[] }>('SELECT "shownOrder" FROM assignments WHERE id = $1', [task.assignmentId]);
  return { ...task, shownOrder: assignment!.shownOrder };
}

const ask = (s: Setup, userId: string, input: Record<string, unknown>) =>
  askAssistant({ userId, projectId: s.project.id, input: ZAskAssistant.parse({ clientKey: key(), ...input }) });

async function exportRows(projectId: string, format: 'raw' | 'rankings'): Promise<Record<string, unknown>[]> {
  const client = await getPgPool().connect();
  try {
    const rows: Record<string, unknown>[] = [];
    for await (const batch of loadExportItems({ client, projectId, settings: toExportSettings(ZExportRequest.parse({ format })) })) {
      for (const item of batch.items) rows.push(...(format === 'raw' ? rawRows(item) : [{ judgments: item.judgments }]));
    }
    return rows;
  } finally {
    client.release();
  }
}

describe('assistance while labeling', () => {
  it('answers a critique and a fact check, stored with provenance; the prompt holds letters and text, never model ids', async () => {
    server.reset();
    const s = await setup();
    const task = await claim(s, s.ana.id);
    const view = await getAssistanceView({ assignmentId: task.assignmentId, userId: s.ana.id, projectId: s.project.id });
    expect(view).toMatchObject({ assignmentId: task.assignmentId, kinds: ['CRITIQUE', 'EXPLAIN', 'FACT_CHECK', 'SUMMARY'], requests: [] });
    const [arm] = await q<{ arm: string; randomized: boolean; block: number | null }>(
      'SELECT arm::text AS arm, randomized, block FROM assistance_arms WHERE "assignmentId" = $1',
      [task.assignmentId],
    );
    expect(arm).toEqual({ arm: 'ASSISTED', randomized: false, block: null });

    // The shown order is shuffled per assignment: find each response's letter.
    const texts = await q<{ id: string; text: string }>('SELECT id, text FROM responses WHERE id = ANY($1::uuid[])', [task.shownOrder]);
    const paris = texts.find((r) => r.text.startsWith('Paris'))!;
    const lyon = texts.find((r) => r.text.includes('Lyon'))!;
    const letter = (id: string) => 'AB'[task.shownOrder.indexOf(id)];
    const second = lyon.id;
    const critique = await ask(s, s.ana.id, { assignmentId: task.assignmentId, kind: 'CRITIQUE', responseId: second });
    expect(critique).toMatchObject({ status: 'ANSWERED', kind: 'CRITIQUE', responseLabel: letter(lyon.id), error: null });
    expect(critique.answer).toMatch(/^Answer [0-9a-f]{8} to /);

    const start = paris.text.indexOf('It has');
    const check = await ask(s, s.ana.id, {
      assignmentId: task.assignmentId,
      kind: 'FACT_CHECK',
      responseId: paris.id,
      claim: { start, end: paris.text.length },
    });
    expect(check).toMatchObject({ status: 'ANSWERED', responseLabel: letter(paris.id), claim: paris.text.slice(start) });

    const stored = await q(
      `SELECT "taskKind"::text AS "taskKind", kind::text AS kind, "responseId", "responseLabel", claim, "claimStart", "claimEnd", status::text AS status,
              "connectionId", "connectionName", model, "modelReported", "templateVersion", "promptTokens", "completionTokens", "finishReason",
              "latencyMs", "answeredAt" IS NOT NULL AS answered, "userId", "projectId"
       FROM assistance_requests WHERE "assignmentId" = $1 ORDER BY "requestedAt"`,
      [task.assignmentId],
    );
    expect(stored).toHaveLength(2);
    expect(stored[0]).toMatchObject({
      taskKind: 'RANK',
      kind: 'CRITIQUE',
      responseId: second,
      responseLabel: letter(lyon.id),
      claim: null,
      status: 'ANSWERED',
      connectionId: s.connection.id,
      model: 'assistant-model',
      modelReported: 'assistant-model',
      templateVersion: 'assist-critique-v1',
      finishReason: 'stop',
      answered: true,
      userId: s.ana.id,
      projectId: s.project.id,
    });
    expect(stored[0]!.promptTokens).toBeGreaterThan(10);
    expect(stored[0]!.completionTokens).toBeGreaterThan(0);
    expect(stored[0]!.latencyMs).toBeGreaterThanOrEqual(0);
    expect(stored[1]).toMatchObject({
      kind: 'FACT_CHECK',
      templateVersion: 'assist-fact-check-v1',
      claimStart: start,
      claimEnd: paris.text.length,
    });

    const bodies = server.stats().bodies as { model: string; messages: { content: string }[] }[];
    expect(bodies).toHaveLength(2);
    const prompt = JSON.stringify(bodies[0]!.messages);
    expect(prompt).toContain('The capital is Lyon.');
    expect(prompt).toContain(`Response ${letter(lyon.id)}`);
    expect(prompt).not.toMatch(/model-a|model-b/);
    expect(JSON.stringify(bodies[1]!.messages)).toContain('<claim>\\nIt has 2 million people.\\n</claim>');

    // A reload shows the answers again, oldest first.
    const again = await getAssistanceView({ assignmentId: task.assignmentId, userId: s.ana.id, projectId: s.project.id });
    expect(again?.requests.map((r) => r.kind)).toEqual(['CRITIQUE', 'FACT_CHECK']);
  });

  it('stores a 429 and a timeout as failures in words, and a retry (a new request) answers; a repeated key asks once', async () => {
    server.reset();
    const s = await setup({ timeoutMs: 400 });
    const task = await claim(s, s.ana.id);
    await getAssistanceView({ assignmentId: task.assignmentId, userId: s.ana.id, projectId: s.project.id });
    const input = { assignmentId: task.assignmentId, kind: 'SUMMARY', responseId: task.shownOrder[0] };

    server.script([{ status: 429, retryAfter: '3' }]);
    const limited = await ask(s, s.ana.id, input);
    expect(limited.status).toBe('FAILED');
    expect(limited.error).toBe("The assistant's model server is rate-limiting requests right now. It asks to wait 3 s. Try again.");
    expect(limited.answer).toBeNull();

    server.script([{ delayMs: 1500 }]);
    const slow = await ask(s, s.ana.id, input);
    expect(slow).toMatchObject({ status: 'FAILED', error: 'The assistant took too long to answer. Try again.' });

    const retried = await ask(s, s.ana.id, { ...input, clientKey: 'retry-key-1' });
    expect(retried.status).toBe('ANSWERED');
    const repeat = await ask(s, s.ana.id, { ...input, clientKey: 'retry-key-1' });
    expect(repeat).toEqual(retried);

    const rows = await q<{ status: string; errorKind: string | null }>(
      'SELECT status::text AS status, "errorKind" FROM assistance_requests WHERE "assignmentId" = $1 ORDER BY "requestedAt"',
      [task.assignmentId],
    );
    expect(rows).toEqual([
      { status: 'FAILED', errorKind: 'rate_limited' },
      { status: 'FAILED', errorKind: 'timeout' },
      { status: 'ANSWERED', errorKind: null },
    ]);
    expect(server.stats().requests).toBe(3);
    // Every call slot taken was given back.
    const [leases] = await q<{ live: number }>(
      'SELECT count(*)::int AS live FROM model_call_leases WHERE "connectionId" = $1 AND "endedAt" IS NULL',
      [s.connection.id],
    );
    expect(leases!.live).toBe(0);
  });

  it("keeps to the connection's concurrency limit: two requests at once with maxConcurrency 1 reach the server one at a time", async () => {
    // A server of its own: a request another test left waiting on the shared one would count as in flight.
    const own = await startChatServer({ seed: 26 });
    const s = await setup();
    await getPgPool().query('UPDATE model_connections SET "maxConcurrency" = 1, "baseUrl" = $2 WHERE id = $1', [s.connection.id, own.url]);
    const task = await claim(s, s.ana.id);
    await getAssistanceView({ assignmentId: task.assignmentId, userId: s.ana.id, projectId: s.project.id });
    own.script([{ delayMs: 400 }, { delayMs: 400 }]);
    const both = await Promise.all(
      task.shownOrder.map((responseId) => ask(s, s.ana.id, { assignmentId: task.assignmentId, kind: 'CRITIQUE', responseId })),
    );
    await own.close();
    expect(both.map((a) => a.status)).toEqual(['ANSWERED', 'ANSWERED']);
    expect(own.stats().requests).toBe(2);
    expect(own.stats().maxInFlight).toBe(1);
  });

  it("keeps to the connection's per-minute limit: past it a request waits, then says the assistant is busy, without calling", async () => {
    server.reset();
    const s = await setup();
    await getPgPool().query('UPDATE model_connections SET "requestsPerMinute" = 1 WHERE id = $1', [s.connection.id]);
    const task = await claim(s, s.ana.id);
    await getAssistanceView({ assignmentId: task.assignmentId, userId: s.ana.id, projectId: s.project.id });
    const input = (responseId: string) =>
      ZAskAssistant.parse({ clientKey: key(), assignmentId: task.assignmentId, kind: 'SUMMARY', responseId });
    const first = await askAssistant({ userId: s.ana.id, projectId: s.project.id, input: input(task.shownOrder[0]!), slotWaitMs: 300 });
    const second = await askAssistant({ userId: s.ana.id, projectId: s.project.id, input: input(task.shownOrder[1]!), slotWaitMs: 300 });
    expect(first.status).toBe('ANSWERED');
    expect(second).toMatchObject({ status: 'FAILED', error: 'The assistant is busy with other requests. Try again.' });
    expect(server.stats().requests).toBe(1);
    const [row] = await q<{ errorKind: string }>('SELECT "errorKind" FROM assistance_requests WHERE id = $1', [second.id]);
    expect(row!.errorKind).toBe('busy');
  });

  it('refuses another labeler, a closed task, an unassisted arm and assistance turned off; looks are clamped and never shrink', async () => {
    server.reset();
    const s = await setup();
    const task = await claim(s, s.ana.id);
    await getAssistanceView({ assignmentId: task.assignmentId, userId: s.ana.id, projectId: s.project.id });
    const answered = await ask(s, s.ana.id, { assignmentId: task.assignmentId, kind: 'EXPLAIN', responseId: task.shownOrder[0] });

    // Ben: no view, no request, no look on Ana's assignment; nothing stored for him.
    expect(await getAssistanceView({ assignmentId: task.assignmentId, userId: s.ben.id, projectId: s.project.id })).toBeNull();
    await expect(
      ask(s, s.ben.id, { assignmentId: task.assignmentId, kind: 'EXPLAIN', responseId: task.shownOrder[0] }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      recordAssistanceLook({
        userId: s.ben.id,
        projectId: s.project.id,
        input: { assignmentId: task.assignmentId, looks: [{ requestId: answered.id, visibleMs: 9000 }] },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A response not shown on this assignment is refused.
    await expect(
      ask(s, s.ana.id, { assignmentId: task.assignmentId, kind: 'EXPLAIN', responseId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });

    // Look time: clamped to the time since the answer, kept at the largest total.
    const look = (visibleMs: number, requestId = answered.id) =>
      recordAssistanceLook({
        userId: s.ana.id,
        projectId: s.project.id,
        input: { assignmentId: task.assignmentId, looks: [{ requestId, visibleMs }] },
      });
    await look(3_600_000);
    const [clamped] = await q<{ lookMs: number; since: number }>(
      `SELECT "lookMs", floor(extract(epoch FROM (clock_timestamp() - "answeredAt")) * 1000)::int AS since FROM assistance_requests WHERE id = $1`,
      [answered.id],
    );
    expect(clamped!.lookMs).toBeLessThan(60_000);
    expect(clamped!.lookMs).toBeLessThanOrEqual(clamped!.since);
    await getPgPool().query(`UPDATE assistance_requests SET "answeredAt" = now() - interval '1 minute', "lookMs" = 0 WHERE id = $1`, [
      answered.id,
    ]);
    await look(4000);
    await look(1500);
    expect(await look(4000)).toEqual({ updated: 0 });
    const [kept] = await q<{ lookMs: number }>('SELECT "lookMs" FROM assistance_requests WHERE id = $1', [answered.id]);
    expect(kept!.lookMs).toBe(4000);

    // Submitted: the last look report still counts; a new request does not.
    await submitRanking({
      userId: s.ana.id,
      projectId: s.project.id,
      input: {
        assignmentId: task.assignmentId,
        ranking: [[task.shownOrder[0]!], [task.shownOrder[1]!]],
        allUnacceptable: false,
        ratings: [],
        promptFlags: [],
        durationMs: 30_000,
      },
    });
    await look(6000);
    await expect(
      ask(s, s.ana.id, { assignmentId: task.assignmentId, kind: 'EXPLAIN', responseId: task.shownOrder[0] }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    // Released (a lead paused her): closed for looks too.
    const next = await claim(s, s.ana.id);
    await getAssistanceView({ assignmentId: next.assignmentId, userId: s.ana.id, projectId: s.project.id });
    const nextAnswer = await ask(s, s.ana.id, { assignmentId: next.assignmentId, kind: 'CRITIQUE', responseId: next.shownOrder[1] });
    await getDb().$transaction((tx) => releaseTasks(tx, { userId: s.ana.id, projectId: s.project.id }));
    await expect(
      recordAssistanceLook({
        userId: s.ana.id,
        projectId: s.project.id,
        input: { assignmentId: next.assignmentId, looks: [{ requestId: nextAnswer.id, visibleMs: 10 }] },
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    // Ben in the unassisted arm: no view, requests refused.
    const benTask = await claim(s, s.ben.id);
    await q(
      `INSERT INTO assistance_arms ("assignmentId", "projectId", "userId", arm, randomized, block) VALUES ($1, $2, $3, 'UNASSISTED', true, 0)`,
      [benTask.assignmentId, s.project.id, s.ben.id],
    );
    expect(await getAssistanceView({ assignmentId: benTask.assignmentId, userId: s.ben.id, projectId: s.project.id })).toBeNull();
    await expect(
      ask(s, s.ben.id, { assignmentId: benTask.assignmentId, kind: 'CRITIQUE', responseId: benTask.shownOrder[0] }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // Assistance turned off: nothing offered or answered, even in an assisted arm.
    await updateAssistanceSettings({
      actorId: s.lead.id,
      projectId: s.project.id,
      input: { enabled: false, connectionId: s.connection.id, kinds: ['CRITIQUE'], randomize: false },
    });
    await q(`UPDATE assistance_arms SET arm = 'ASSISTED' WHERE "assignmentId" = $1`, [benTask.assignmentId]);
    expect(await getAssistanceView({ assignmentId: benTask.assignmentId, userId: s.ben.id, projectId: s.project.id })).toBeNull();
    await expect(
      ask(s, s.ben.id, { assignmentId: benTask.assignmentId, kind: 'CRITIQUE', responseId: benTask.shownOrder[0] }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const [count] = await q<{ n: number }>('SELECT count(*)::int AS n FROM assistance_requests WHERE "userId" = $1', [s.ben.id]);
    expect(count!.n).toBe(0);
  });

  it('draws randomized arms once per assignment, balanced per labeler even when drawn at once', async () => {
    const s = await setup({ randomize: true, items: 12 });
    const assignments = await q<{ id: string }>(
      `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder")
       SELECT $1, i.id, $2, 'RANK', 'ACTIVE', now() + interval '1 hour', '{}' FROM items i WHERE i."projectId" = $1 RETURNING id`,
      [s.project.id, s.ana.id],
    );
    expect(assignments).toHaveLength(12);
    const arms = await Promise.all(
      assignments.map((a) => drawAssistanceArm({ assignmentId: a.id, projectId: s.project.id, userId: s.ana.id, randomize: true })),
    );
    expect(arms.filter((a) => a === 'ASSISTED')).toHaveLength(6);
    const blocks = await q<{ block: number; arms: string[] }>(
      `SELECT block, array_agg(arm::text ORDER BY arm) AS arms FROM assistance_arms WHERE "userId" = $1 GROUP BY block ORDER BY block`,
      [s.ana.id],
    );
    expect(blocks.map((b) => b.block)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const b of blocks) expect(b.arms).toEqual(['ASSISTED', 'UNASSISTED']);
    // Drawn once: asking again answers the stored arm.
    const again = await Promise.all(
      assignments.map((a) => drawAssistanceArm({ assignmentId: a.id, projectId: s.project.id, userId: s.ana.id, randomize: true })),
    );
    expect(again).toEqual(arms);
  });

  it('gives the dashboard the use of assistance and the arms compared', async () => {
    server.reset();
    const s = await setup({ randomize: true, items: 4 });
    const answers: Record<string, string> = {};
    // Ana and Ben each label 2 items: one assisted, one unassisted (blocks of two).
    for (const user of [s.ana, s.ben]) {
      for (let n = 0; n < 2; n++) {
        const task = await claim(s, user.id);
        const view = await getAssistanceView({ assignmentId: task.assignmentId, userId: user.id, projectId: s.project.id });
        if (view) {
          const a = await ask(s, user.id, { assignmentId: task.assignmentId, kind: 'CRITIQUE', responseId: task.shownOrder[0] });
          answers[task.assignmentId] = a.id;
          await getPgPool().query(`UPDATE assistance_requests SET "answeredAt" = now() - interval '1 minute' WHERE id = $1`, [a.id]);
          await recordAssistanceLook({
            userId: user.id,
            projectId: s.project.id,
            input: { assignmentId: task.assignmentId, looks: [{ requestId: a.id, visibleMs: 8000 }] },
          });
        }
        await submitRanking({
          userId: user.id,
          projectId: s.project.id,
          input: {
            assignmentId: task.assignmentId,
            ranking: [[task.shownOrder[0]!], [task.shownOrder[1]!]],
            allUnacceptable: false,
            ratings: [{ responseId: task.shownOrder[0]!, likert: null, flags: view ? ['hallucination'] : [], flaws: [] }],
            promptFlags: [],
            durationMs: view ? 50_000 : 30_000,
          },
        });
      }
    }
    expect(Object.keys(answers)).toHaveLength(2);
    const figures = await findAssistanceFigures({ projectId: s.project.id });
    expect(figures.settings.randomize).toBe(true);
    expect(figures.rank.tasks).toBe(2);
    expect(figures.rank.used).toMatchObject({ hits: 2, estimate: 1 });
    expect(figures.rank.perTask.CRITIQUE.estimate).toBe(1);
    expect(figures.rank.answers).toBe(2);
    expect(figures.rank.medianLookMs).toBe(8000);
    expect(figures.rank.totalLookMs).toBe(16_000);
    expect(figures.arms?.assisted.tasks).toBe(2);
    expect(figures.arms?.unassisted.tasks).toBe(2);
    expect(figures.arms?.assisted.medianMs.estimate).toBe(50_000);
    expect(figures.arms?.unassisted.medianMs.estimate).toBe(30_000);
    expect(figures.arms?.difference.medianMs.estimate).toBe(20_000);
    // One flag on each assisted task's two responses: 2 flags over 4 responses; none unassisted.
    expect(figures.arms?.assisted.flagsPerResponse.estimate).toBe(0.5);
    expect(figures.arms?.unassisted.flagsPerResponse.estimate).toBe(0);
    expect(figures.detect.tasks).toBe(0);

    // The raw export carries each judgment's arm and assistance log; other formats do not read it.
    const raw = await exportRows(s.project.id, 'raw');
    expect(raw).toHaveLength(4);
    expect(raw.map((r) => r.assistance_arm).sort()).toEqual(['assisted', 'assisted', 'unassisted', 'unassisted']);
    for (const row of raw) {
      const log = row.assistance as Record<string, unknown>[];
      if (row.assistance_arm === 'unassisted') expect(log).toEqual([]);
      else {
        expect(log).toHaveLength(1);
        expect(log[0]).toMatchObject({
          kind: 'critique',
          task_kind: 'rank',
          response_label: 'A',
          status: 'answered',
          connection: expect.any(String),
          model: 'assistant-model',
          model_reported: 'assistant-model',
          template_version: 'assist-critique-v1',
          look_ms: 8000,
          error_kind: null,
        });
        expect(log[0]!.response_id).toBe((row.shown_order as string[])[0]);
        expect(typeof log[0]!.answer).toBe('string');
      }
    }
    // The declared schema holds these rows (Parquet encodes them).
    expect((await encodeParquet(formatSchema('raw', { margin: 'none' }), raw)).length).toBeGreaterThan(100);
    const rankings = await exportRows(s.project.id, 'rankings');
    expect(JSON.stringify(rankings)).not.toContain('assistance');
  });

  it('detect: "ask for more" in the assisted arm only, logged as an on-demand critique of the shown text', async () => {
    server.reset();
    const world = await makeEvalWorld({ sources: 4, labelers: 1, trialsPerSource: 4 });
    const lead = await buildUser({ role: 'LEAD' });
    const connection = await buildModelConnection({ projectId: world.projectId, baseUrl: server.url, model: 'critic-model' });
    await updateAssistanceSettings({
      actorId: lead.id,
      projectId: world.projectId,
      input: { enabled: true, connectionId: connection.id, kinds: ['CRITIQUE'], randomize: false },
    });
    const userId = world.labelers[0]!;
    const random = seededRandom(7);
    const seen = { assisted: 0, unassisted: 0 };
    // A block of four: two assisted trials, two unassisted.
    for (let n = 0; n < 4; n++) {
      const task = await claimDetectTask({ projectId: world.projectId, userId, random });
      if (!task) throw new Error('no detect task');
      const trial = (await getDetectTask({ projectId: world.projectId, userId, assignmentId: task.assignmentId }))!;
      const view = await getAssistanceView({ assignmentId: task.assignmentId, userId, projectId: world.projectId });
      const input = { assignmentId: task.assignmentId, kind: 'CRITIQUE', responseId: null };
      if (trial.assisted) {
        seen.assisted += 1;
        expect(view).toMatchObject({ kinds: ['CRITIQUE'], requests: [] });
        const more = await askAssistant({ userId, projectId: world.projectId, input: ZAskAssistant.parse({ ...input, clientKey: key() }) });
        expect(more).toMatchObject({ status: 'ANSWERED', kind: 'CRITIQUE', responseLabel: null });
        const body = server.stats().bodies.at(-1) as { messages: { content: string }[] };
        // The text shown in this trial (original or flawed), nothing about which it is.
        expect(body.messages[1]!.content).toContain(trial.text);
        expect([ORIGINAL_TEXT, FLAWED_TEXT]).toContain(trial.text);
        expect(body.messages[1]!.content).not.toMatch(/flawed|perturb|planted/i);
      } else {
        seen.unassisted += 1;
        expect(view).toBeNull();
        await expect(
          askAssistant({ userId, projectId: world.projectId, input: ZAskAssistant.parse({ ...input, clientKey: key() }) }),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      }
      await submitDetectTrial({
        userId,
        projectId: world.projectId,
        input: {
          assignmentId: task.assignmentId,
          likert: 5,
          saysFlawed: false,
          span: null,
          description: '',
          severity: null,
          critiqueMarks: trial.critiques.map((c) => ({ critiqueId: c.id, helpful: true })),
          activeMs: 1000,
        },
      });
    }
    expect(seen).toEqual({ assisted: 2, unassisted: 2 });
    const rows = await q<{ taskKind: string; responseLabel: string | null; templateVersion: string }>(
      `SELECT "taskKind"::text AS "taskKind", "responseLabel", "templateVersion" FROM assistance_requests WHERE "projectId" = $1`,
      [world.projectId],
    );
    expect(rows).toEqual([
      { taskKind: 'DETECT', responseLabel: null, templateVersion: 'assist-critique-v1' },
      { taskKind: 'DETECT', responseLabel: null, templateVersion: 'assist-critique-v1' },
    ]);
    const figures = await findAssistanceFigures({ projectId: world.projectId });
    expect(figures.detect).toMatchObject({ tasks: 2, used: { hits: 2 } });
    expect(figures.rank.tasks).toBe(0);
    expect(figures.arms).toBeNull();
  });
});
