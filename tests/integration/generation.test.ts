/**
 * Issue 24: generation jobs end to end against a real Chat Completions server on a local port
 * (tests/helpers/chat-server.ts) and a real PostgreSQL: responses with their exact provenance, items
 * kept from labelers until complete, critiques of responses and of both texts of a perturbation with
 * the template version, retries honouring Retry-After, a 400 failing with the server's words, cancel
 * and resume, the API key nowhere. The runner runs here in-process (runGenerationJob, as a pg-boss
 * worker calls it); generation-workers.test.ts runs it in worker processes.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAssignment, buildModelConnection, buildProject, buildUser, insertItems } from '@/lib/builders';
import { getCritiqueEval } from '@/lib/detect/get-critique-eval';
import { importFile } from '@/lib/import/import-file';
import { getPgPool } from '@/lib/db';
import { cancelGenerationJob } from '@/lib/generation/cancel-generation-job';
import { resumeGenerationJob } from '@/lib/generation/resume-generation-job';
import { createCritiquesJob } from '@/lib/generation/create-critiques-job';
import { createResponsesJob } from '@/lib/generation/create-responses-job';
import { buildCritiqueMessages } from '@/lib/generation/build-critique-messages';
import { runGenerationJob } from '@/lib/generation/run-generation-job';
import { saveCritiqueTemplate } from '@/lib/generation/save-critique-template';
import { DEFAULT_CRITIQUE_TEMPLATE } from '@/lib/generation/schemas';
import { claimRankingTask } from '@/lib/tasks/claim-next';
import { expectedAnswer, startChatServer, type ChatServer } from '../helpers/chat-server';

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ seed: 3, latencyMs: 2 });
});
afterAll(() => server.close());

const q = <T extends object>(text: string, values: unknown[] = []) =>
  getPgPool()
    .query<T & Record<string, unknown>>(text, values)
    .then((r) => r.rows);

async function setup(
  options: { prompts?: number; answered?: number; connection?: Partial<Parameters<typeof buildModelConnection>[0]> } = {},
) {
  const lead = await buildUser({ role: 'LEAD' });
  const project = await buildProject({ members: [lead.email] });
  const bare = await insertItems({ projectId: project.id, count: options.prompts ?? 2, prompt: (n) => `Prompt ${n}?`, responses: [] });
  const answered = await insertItems({
    projectId: project.id,
    count: options.answered ?? 0,
    externalId: (n) => `a${n}`,
    prompt: (n) => `Old ${n}?`,
  });
  const connection = await buildModelConnection({ projectId: project.id, baseUrl: server.url, model: 'policy-a', ...options.connection });
  return { lead, project, bare, answered, connection };
}

const tasksOf = (jobId: string) =>
  q<{ id: string; status: string; attempts: number; lastErrorKind: string | null; lastError: string | null; itemId: string }>(
    `SELECT id, status::text AS status, attempts, "lastErrorKind", "lastError", "itemId" FROM generation_tasks WHERE "jobId" = $1 ORDER BY "idempotencyKey"`,
    [jobId],
  );

describe('generation jobs', () => {
  it('responses: K samples from two connections, exact provenance, items held from labelers until complete, a copy for answered items', async () => {
    server.reset();
    const s = await setup({ prompts: 2, answered: 1, connection: { params: { temperature: 0.5 } } });
    const b = await buildModelConnection({
      projectId: s.project.id,
      baseUrl: server.url,
      model: 'policy-b',
      params: { temperature: 1, max_tokens: 50 },
    });
    const { jobId, taskCount } = await createResponsesJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionIds: [s.connection.id, b.id], samples: 2, params: { seed: 10 }, prompts: { by: 'all' } },
    });
    // Two prompt-only items and one copy of the answered one, each 2 samples × 2 connections.
    expect(taskCount).toBe(12);
    const labeler = await buildUser({ role: 'LABELER' });
    await q(`INSERT INTO memberships ("projectId", "userId") VALUES ($1, $2)`, [s.project.id, labeler.id]);
    const held = await claimRankingTask({ projectId: s.project.id, userId: labeler.id });
    // The answered item is still labelable; the new ones are not.
    expect(held?.itemId).toBe(s.answered[0]!.id);
    await q(`UPDATE assignments SET status = 'RELEASED', slot = NULL WHERE "userId" = $1`, [labeler.id]);

    await runGenerationJob({ jobId, runner: 0 });

    const job = (
      await q<{ status: string; doneCount: number; failedCount: number; completionTokens: string }>(
        `SELECT status::text AS status, "doneCount", "failedCount", "completionTokens"::text AS "completionTokens" FROM generation_jobs WHERE id = $1`,
        [jobId],
      )
    )[0]!;
    expect(job).toMatchObject({ status: 'FINISHED', doneCount: 12, failedCount: 0 });
    expect(Number(job.completionTokens)).toBeGreaterThan(0);
    const items = await q<{
      id: string;
      messages: { role: 'user'; content: string }[];
      metadata: Record<string, unknown>;
      awaitingResponses: boolean;
    }>(`SELECT id, messages, metadata, "awaitingResponses" FROM items WHERE "projectId" = $1 AND id <> $2 ORDER BY "createdAt", id`, [
      s.project.id,
      s.answered[0]!.id,
    ]);
    expect(items).toHaveLength(3);
    expect(items.every((i) => !i.awaitingResponses)).toBe(true);
    expect(items.filter((i) => i.metadata.generatedFrom === s.answered[0]!.id)).toHaveLength(1);
    for (const item of items) {
      const responses = await q<{
        modelId: string;
        text: string;
        metadata: { generation: Record<string, unknown> };
        generationTaskId: string;
      }>(`SELECT "modelId", text, metadata, "generationTaskId" FROM responses WHERE "itemId" = $1`, [item.id]);
      expect(responses).toHaveLength(4);
      for (const r of responses) {
        const g = r.metadata.generation;
        const params = g.params as { seed: number; temperature: number };
        expect(params.seed === 10 || params.seed === 11).toBe(true);
        expect(r.text).toBe(
          expectedAnswer({ seed: 3, model: r.modelId, messages: item.messages, requestSeed: params.seed, temperature: params.temperature }),
        );
        expect(g).toMatchObject({
          jobId,
          taskId: r.generationTaskId,
          modelRequested: r.modelId,
          modelReported: r.modelId,
          seed: params.seed,
          finishReason: 'stop',
          attempts: 1,
        });
        expect(g.connectionId).toBe(r.modelId === 'policy-a' ? s.connection.id : b.id);
        expect(params).toEqual(
          r.modelId === 'policy-a' ? { temperature: 0.5, seed: params.seed } : { temperature: 1, max_tokens: 50, seed: params.seed },
        );
        expect(g.promptTokens).toEqual(expect.any(Number));
        expect(g.completionTokens).toEqual(expect.any(Number));
        expect(g.latencyMs).toEqual(expect.any(Number));
      }
    }
    expect(server.stats().requests).toBe(12);
    // Now labelable.
    const claimed = await claimRankingTask({ projectId: s.project.id, userId: labeler.id });
    expect(items.map((i) => i.id)).toContain(claimed?.itemId);
  });

  it('a chat battle’s own item (waiting for its sides) is never a responses job’s prompt, whatever the selection', async () => {
    const s = await setup({ prompts: 1 });
    const [chatItem] = await q<{ id: string }>(
      `INSERT INTO items ("projectId", messages, metadata, "awaitingResponses")
       VALUES ($1, '[{"role": "user", "content": "My own prompt"}]'::jsonb, '{"source": "chat"}'::jsonb, true) RETURNING id`,
      [s.project.id],
    );
    for (const prompts of [
      { by: 'awaiting' as const },
      { by: 'all' as const },
      { by: 'items' as const, itemIds: [chatItem!.id, s.bare[0]!.id] },
    ]) {
      const { jobId, taskCount } = await createResponsesJob({
        actorId: s.lead.id,
        input: { projectId: s.project.id, connectionIds: [s.connection.id], samples: 2, prompts },
      });
      expect(taskCount, prompts.by).toBe(2);
      expect((await tasksOf(jobId)).map((t) => t.itemId)).toEqual([s.bare[0]!.id, s.bare[0]!.id]);
      await q(`UPDATE generation_tasks SET status = 'DONE' WHERE "jobId" = $1`, [jobId]);
    }
  });

  it('critiques: N per text, of responses and of both texts of an accepted perturbation, with the template version', async () => {
    server.reset();
    const s = await setup({ prompts: 0, answered: 1 });
    const [r0] = s.answered[0]!.responses;
    const [pert] = await q<{ id: string }>(
      `INSERT INTO perturbations ("projectId", "itemId", "responseId", "flawedText", description, category, severity, "missableBecause",
         "flawedStart", "flawedEnd", "originalStart", "originalEnd", status)
       VALUES ($1, $2, $3, 'a flawed text', 'wrong', 'ACCURACY', 3, 'subtle', 0, 1, 0, 1, 'ACCEPTED') RETURNING id`,
      [s.project.id, s.answered[0]!.id, r0!.id],
    );
    const { version } = await saveCritiqueTemplate({
      actorId: s.lead.id,
      input: { projectId: s.project.id, text: 'Critique this: {answer}' },
    });
    expect(version).toBe(1);
    const { jobId, taskCount } = await createCritiquesJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionId: s.connection.id, samples: 2, targets: { responses: 'all', perturbations: true } },
    });
    // Two responses (one of them the perturbation's original) + the flawed text, × 2.
    expect(taskCount).toBe(6);
    await runGenerationJob({ jobId, runner: 0 });
    const critiques = await q<{
      responseId: string;
      perturbationId: string | null;
      text: string;
      modelId: string;
      templateVersion: number;
      metadata: { generation: Record<string, unknown> };
    }>(
      `SELECT c."responseId", c."perturbationId", c.text, c."modelId", c."templateVersion", c.metadata FROM critiques c
        JOIN responses r ON r.id = c."responseId" WHERE r."itemId" = $1`,
      [s.answered[0]!.id],
    );
    expect(critiques).toHaveLength(6);
    expect(critiques.filter((c) => c.perturbationId === pert!.id)).toHaveLength(2);
    const messages = [{ role: 'user' as const, content: 'Old 1?' }];
    for (const c of critiques) {
      expect(c).toMatchObject({ modelId: 'policy-a', templateVersion: 1 });
      const answer = c.perturbationId ? 'a flawed text' : s.answered[0]!.responses.find((r) => r.id === c.responseId)!.text;
      const sent = buildCritiqueMessages({ template: 'Critique this: {answer}', conversation: messages, answer });
      expect(sent[0]!.content).toBe(`Critique this: ${answer}`);
      expect(c.text).toBe(expectedAnswer({ seed: 3, model: 'policy-a', messages: sent }));
      expect(c.metadata.generation).toMatchObject({ jobId, templateVersion: 1, modelReported: 'policy-a', finishReason: 'stop' });
    }
    // The detect analysis breaks detection down by critique model and template version.
    const labeler = await buildUser({ role: 'LABELER' });
    const assignment = await buildAssignment({
      projectId: s.project.id,
      itemId: s.answered[0]!.id,
      userId: labeler.id,
      kind: 'DETECT',
      status: 'SUBMITTED',
      slot: null,
    });
    await q(
      `INSERT INTO detect_trials ("assignmentId", "projectId", "itemId", "userId", "perturbationId", "responseId", variant, arm, cell, block,
         "saysFlawed", "foundIntended", "submittedAt", "durationMs")
       VALUES ($1, $2, $3, $4, $5, $6, 'FLAWED', 'ASSISTED', 3, 0, true, true, now(), 1000)`,
      [assignment.id, s.project.id, s.answered[0]!.id, labeler.id, pert!.id, r0!.id],
    );
    const evaluation = await getCritiqueEval({ projectId: s.project.id });
    expect(evaluation.byCritiqueSource.map((r) => [r.key, r.rates.ASSISTED.x, r.rates.ASSISTED.n])).toEqual([
      ['policy-a · template v1', 1, 1],
    ]);
  });

  it('the default template appends the conversation and the answer', () => {
    const [m] = buildCritiqueMessages({
      template: DEFAULT_CRITIQUE_TEMPLATE,
      conversation: [{ role: 'user', content: 'Q?' }],
      answer: 'A.',
    });
    expect(m!.content).toBe(`${DEFAULT_CRITIQUE_TEMPLATE}\n\nConversation:\nUser: Q?\n\nAnswer:\nA.`);
  });

  it('a 429 with Retry-After: retried no sooner, one response stored, attempts 2', async () => {
    server.reset();
    const s = await setup({ prompts: 1, connection: { maxConcurrency: 1 } });
    // Two samples: the first request gets 429 with Retry-After 1 s.
    server.script([{ status: 429, retryAfter: '1' }]);
    const { jobId } = await createResponsesJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionIds: [s.connection.id], samples: 2, prompts: { by: 'all' } },
    });
    await runGenerationJob({ jobId, runner: 0 });
    const tasks = await tasksOf(jobId);
    expect(tasks.map((t) => t.status)).toEqual(['DONE', 'DONE']);
    const retried = tasks.find((t) => t.attempts === 2)!;
    expect(retried).toMatchObject({ lastErrorKind: 'rate_limited' });
    expect(retried.lastError).toMatch(/HTTP 429/);
    expect(tasks.filter((t) => t.attempts === 1)).toHaveLength(1);
    expect((await q(`SELECT 1 FROM responses WHERE "generationTaskId" = $1`, [retried.id])).length).toBe(1);
    const { arrivals } = server.stats();
    expect(arrivals).toHaveLength(3);
    // The retry came at least a second after the 429.
    expect(arrivals[2]! - arrivals[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('a 400 fails the task at once with the server’s words; the item stays held', async () => {
    server.reset();
    const s = await setup({ prompts: 1 });
    server.script([{ status: 400 }]);
    const { jobId } = await createResponsesJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionIds: [s.connection.id], samples: 2, prompts: { by: 'all' } },
    });
    await runGenerationJob({ jobId, runner: 0 });
    const tasks = await tasksOf(jobId);
    const failed = tasks.filter((t) => t.status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      attempts: 1,
      lastErrorKind: 'bad_request',
      lastError: 'HTTP 400: The server had an error (scripted 400)',
    });
    const [job] = await q<{ status: string; failedCount: number }>(
      `SELECT status::text AS status, "failedCount" FROM generation_jobs WHERE id = $1`,
      [jobId],
    );
    expect(job).toMatchObject({ status: 'FINISHED', failedCount: 1 });
    // One response of the two wanted: below the project's minimum, so labelers never get it.
    const [item] = await q<{ awaitingResponses: boolean }>(`SELECT "awaitingResponses" FROM items WHERE id = $1`, [s.bare[0]!.id]);
    expect(item!.awaitingResponses).toBe(true);
    // Resume retries the failed task; it succeeds now and the item is released.
    await resumeGenerationJob({ actorId: s.lead.id, projectId: s.project.id, jobId });
    await runGenerationJob({ jobId, runner: 0 });
    expect((await tasksOf(jobId)).map((t) => t.status)).toEqual(['DONE', 'DONE']);
    const [after] = await q<{ awaitingResponses: boolean }>(`SELECT "awaitingResponses" FROM items WHERE id = $1`, [s.bare[0]!.id]);
    expect(after!.awaitingResponses).toBe(false);
  });

  it('cancel stops new requests; resume finishes the rest', async () => {
    const slow = await startChatServer({ seed: 3, latencyMs: 150 });
    try {
      const s = await setup({ prompts: 10, connection: { baseUrl: slow.url, maxConcurrency: 2 } });
      const { jobId } = await createResponsesJob({
        actorId: s.lead.id,
        input: { projectId: s.project.id, connectionIds: [s.connection.id], samples: 2, prompts: { by: 'all' } },
      });
      const run = runGenerationJob({ jobId, runner: 0 });
      while ((await tasksOf(jobId)).filter((t) => t.status === 'DONE').length < 4) await new Promise((r) => setTimeout(r, 20));
      await cancelGenerationJob({ actorId: s.lead.id, projectId: s.project.id, jobId });
      const sentAtCancel = slow.stats().requests;
      await run;
      await new Promise((r) => setTimeout(r, 500));
      // At most the lanes' requests already out (2) plus one a lane claimed as the cancel committed.
      expect(slow.stats().requests - sentAtCancel).toBeLessThanOrEqual(2);
      const afterCancel = await tasksOf(jobId);
      expect(afterCancel.filter((t) => t.status === 'QUEUED').length).toBeGreaterThan(0);
      expect(afterCancel.filter((t) => t.status === 'RUNNING')).toHaveLength(0);
      const [job] = await q<{ status: string }>(`SELECT status::text AS status FROM generation_jobs WHERE id = $1`, [jobId]);
      expect(job!.status).toBe('CANCELLED');
      await resumeGenerationJob({ actorId: s.lead.id, projectId: s.project.id, jobId });
      await runGenerationJob({ jobId, runner: 0 });
      expect((await tasksOf(jobId)).every((t) => t.status === 'DONE')).toBe(true);
      expect(
        (await q(`SELECT 1 FROM responses r JOIN generation_tasks t ON t.id = r."generationTaskId" WHERE t."jobId" = $1`, [jobId])).length,
      ).toBe(20);
    } finally {
      await slow.close();
    }
  });

  it('the API key is sent to the server but never stored in a job, task, response or error', async () => {
    const key = 'sk-test-very-secret-key-0123456789';
    const locked = await startChatServer({ seed: 3, latencyMs: 1, apiKey: key });
    try {
      const s = await setup({ prompts: 1, connection: { baseUrl: locked.url, apiKey: key } });
      const wrong = await buildModelConnection({ projectId: s.project.id, baseUrl: locked.url, apiKey: 'sk-wrong-key-abcdef' });
      const ok = await createResponsesJob({
        actorId: s.lead.id,
        input: { projectId: s.project.id, connectionIds: [s.connection.id], samples: 2, prompts: { by: 'all' } },
      });
      await runGenerationJob({ jobId: ok.jobId, runner: 0 });
      expect((await tasksOf(ok.jobId)).map((t) => t.status)).toEqual(['DONE', 'DONE']);
      await insertItems({ projectId: s.project.id, count: 1, externalId: () => 'p2', prompt: 'Another?', responses: [] });
      const bad = await createResponsesJob({
        actorId: s.lead.id,
        input: { projectId: s.project.id, connectionIds: [wrong.id], samples: 2, prompts: { by: 'awaiting' } },
      });
      await runGenerationJob({ jobId: bad.jobId, runner: 0 });
      const failed = await tasksOf(bad.jobId);
      expect(failed.every((t) => t.status === 'FAILED' && t.lastErrorKind === 'auth')).toBe(true);
      const dump = JSON.stringify([
        await q(`SELECT * FROM generation_jobs WHERE "projectId" = $1`, [s.project.id]),
        await q(`SELECT t.* FROM generation_tasks t JOIN generation_jobs j ON j.id = t."jobId" WHERE j."projectId" = $1`, [s.project.id]),
        await q(`SELECT r.* FROM responses r JOIN items i ON i.id = r."itemId" WHERE i."projectId" = $1`, [s.project.id]),
        await q(`SELECT * FROM audit_events WHERE "projectId" = $1`, [s.project.id]),
      ]);
      expect(dump).not.toContain(key);
      expect(dump).not.toContain('sk-wrong-key-abcdef');
    } finally {
      await locked.close();
    }
  });

  it('a prompt-only native file: refused without connections, imported as items waiting for responses with one, then filled', async () => {
    server.reset();
    const rows = [
      { id: 'p1', prompt: 'First prompt?' },
      { id: 'p2', messages: [{ role: 'user', content: 'Second prompt?' }], metadata: { topic: 'x' } },
    ];
    const file = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const open = () =>
      (async function* () {
        yield new TextEncoder().encode(file);
      })();
    const bare = await buildProject({});
    const refused = await importFile({ projectId: bare.id, actorId: null, format: 'native', open });
    expect(refused).toMatchObject({
      ok: false,
      errors: [{ line: 1, path: 'responses', message: 'Has 0 responses; this project takes 2 to 9' }, { line: 2 }],
    });

    const s = await setup({ prompts: 0 });
    const imported = await importFile({ projectId: s.project.id, actorId: s.lead.id, format: 'native', open });
    expect(imported.ok).toBe(true);
    const items = await q<{ id: string; externalId: string; awaitingResponses: boolean }>(
      `SELECT id, "externalId", "awaitingResponses" FROM items WHERE "projectId" = $1 ORDER BY "externalId"`,
      [s.project.id],
    );
    expect(items.map((i) => [i.externalId, i.awaitingResponses])).toEqual([
      ['p1', true],
      ['p2', true],
    ]);
    const labeler = await buildUser({ role: 'LABELER' });
    await q(`INSERT INTO memberships ("projectId", "userId") VALUES ($1, $2)`, [s.project.id, labeler.id]);
    expect(await claimRankingTask({ projectId: s.project.id, userId: labeler.id })).toBeNull();
    const { jobId, taskCount } = await createResponsesJob({
      actorId: s.lead.id,
      input: { projectId: s.project.id, connectionIds: [s.connection.id], samples: 3, prompts: { by: 'awaiting' } },
    });
    expect(taskCount).toBe(6);
    await runGenerationJob({ jobId, runner: 0 });
    const after = await q<{ n: number; awaitingResponses: boolean }>(
      `SELECT (SELECT count(*) FROM responses r WHERE r."itemId" = i.id)::int AS n, "awaitingResponses" FROM items i WHERE "projectId" = $1`,
      [s.project.id],
    );
    expect(after.map((i) => [i.n, i.awaitingResponses])).toEqual([
      [3, false],
      [3, false],
    ]);
    expect((await claimRankingTask({ projectId: s.project.id, userId: labeler.id }))?.itemId).toBeDefined();
  });
});
