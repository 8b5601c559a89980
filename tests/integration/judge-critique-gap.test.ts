/**
 * Issue 25: the discriminator–critique gap on seeded perturbations. The local server plays a
 * discriminator right 80% of the time (a fixed hash of each request decides) and a critique checker
 * that says "points to the flaw" when the critique quotes the planted passage: half of the critiques
 * of each flawed text do (tests/helpers/critique-eval-fixture.ts). Labelers' hits come from assisted
 * detect trials. The figures must come out within their intervals.
 */
process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModelConnection } from '@/lib/builders';
import { getPgPool } from '@/lib/db';
import { createDiscriminateJob } from '@/lib/generation/create-discriminate-job';
import { runGenerationJob } from '@/lib/generation/run-generation-job';
import { getCritiqueGap } from '@/lib/judge/get-critique-gap';
import { startChatServer, type ChatServer } from '../helpers/chat-server';
import { FLAWED_TEXT, makeEvalWorld } from '../helpers/critique-eval-fixture';
import { discriminateTexts, lastUserContent, promptKind } from '../helpers/judge-responder';

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({
    respond: (body) => {
      const content = lastUserContent(body);
      const kind = promptKind(content);
      if (kind === 'discriminate') {
        const { a } = discriminateTexts(content);
        const flawed = a === FLAWED_TEXT ? 'A' : 'B';
        const right = createHash('sha256').update(content).digest()[0]! % 10 < 8;
        return JSON.stringify({ flawed: right ? flawed : flawed === 'A' ? 'B' : 'A', reason: 'the boiling point' });
      }
      if (kind === 'critique-check') {
        const critique = /Critique:\n([\s\S]*?)\n\nReply with JSON only/.exec(content)?.[1] ?? '';
        return JSON.stringify({ points_to_flaw: critique.includes('"higher"'), reason: 'quotes it or not' });
      }
      return undefined;
    },
  });
});
afterAll(() => server.close());

describe('the discriminator–critique gap', () => {
  it('discriminator accuracy (true 80%), critique hit rate (true 50%) and the gap come out within their intervals; each trial stored with its correctness', async () => {
    const world = await makeEvalWorld({ sources: 60, labelers: 10 });
    const pool = getPgPool();
    // Labelers: one assisted trial on the flawed text for each of the first 11 perturbations.
    // 0–4: the span found the flaw; the critique quoting it marked helpful, the other not → 1 hit, 1 miss each.
    // 5–9: the span missed it; both marked helpful → the quoting one still a hit ("names it"), the other a miss.
    // 10: waiting for review; both helpful → the quoting one a hit, the other left out. Labelers: 11 hits of 21.
    for (const [k, p] of world.perturbations.slice(0, 11).entries()) {
      const userId = world.labelers[k % world.labelers.length]!;
      const { rows: critiques } = await pool.query<{ id: string; text: string }>(
        `SELECT id, text FROM critiques WHERE "perturbationId" = $1`,
        [p.id],
      );
      const marks = critiques.map((c) => ({ critiqueId: c.id, helpful: k >= 5 || c.text.includes('"higher"') }));
      await pool.query(
        `WITH a AS (INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "submittedAt")
                    VALUES ($1, $2, $3, 'DETECT', 'SUBMITTED', now(), ARRAY[$4]::text[], now()) RETURNING id)
         INSERT INTO detect_trials ("assignmentId", "projectId", "itemId", "userId", "perturbationId", "responseId", variant, arm, cell, block,
                                    likert, "saysFlawed", "spanStart", "spanEnd", "foundIntended", "spanOverlap", "critiqueMarks", "submittedAt")
         SELECT a.id, $1, $2, $3, $5, $4::uuid, 'FLAWED', 'ASSISTED', 3, 0, 3, true, 0, 10, $7::boolean, 1, $6::jsonb, now() FROM a`,
        [world.projectId, p.itemId, userId, p.responseId, p.id, JSON.stringify(marks), k < 5 ? true : k < 10 ? false : null],
      );
    }
    const connection = await buildModelConnection({
      projectId: world.projectId,
      baseUrl: server.url,
      model: 'judge-model',
      maxConcurrency: 4,
    });
    const { jobId, taskCount } = await createDiscriminateJob({
      actorId: null,
      input: { projectId: world.projectId, connectionId: connection.id, trials: 2, checkCritiques: true },
    });
    expect(taskCount).toBe(60 * 2 + 60 * 2);
    await runGenerationJob({ jobId, runner: 0 });

    const trials = await pool.query<{ flawedFirst: boolean; answer: string; correct: boolean; model: string }>(
      `SELECT "flawedFirst", answer, correct, model FROM judge_discriminations WHERE "jobId" = $1`,
      [jobId],
    );
    expect(trials.rows).toHaveLength(120);
    for (const t of trials.rows) expect(t.correct).toBe((t.answer === 'A') === t.flawedFirst);
    // The order is drawn: both sides shown first.
    expect(trials.rows.some((t) => t.flawedFirst)).toBe(true);
    expect(trials.rows.some((t) => !t.flawedFirst)).toBe(true);

    const { rows } = await getCritiqueGap({ projectId: world.projectId });
    const all = rows.find((r) => r.dimension === 'all')!;
    expect(all.discriminator.n).toBe(120);
    expect(all.judge.n).toBe(120);
    expect(all.labelers).toMatchObject({ successes: 11, n: 21 });
    expect(all.discriminator.low).toBeLessThanOrEqual(0.8);
    expect(all.discriminator.high).toBeGreaterThanOrEqual(0.8);
    expect(all.judge.estimate).toBe(0.5);
    expect(all.gapJudge.low).toBeLessThanOrEqual(0.3);
    expect(all.gapJudge.high).toBeGreaterThanOrEqual(0.3);
    expect(all.gapJudge.low).toBeGreaterThan(0);
    expect(all.gapLabelers.low).toBeLessThanOrEqual(0.3);
    expect(all.gapLabelers.high).toBeGreaterThanOrEqual(0.3);
    // Per category and severity: every category of the fixture has its row, on both sides.
    const categories = rows.filter((r) => r.dimension === 'category');
    expect(categories.map((r) => r.value)).toEqual(['ACCURACY', 'COHERENCE', 'COVERAGE', 'HARMFUL', 'OTHER']);
    expect(categories.reduce((n, r) => n + r.discriminator.n, 0)).toBe(120);
    expect(rows.filter((r) => r.dimension === 'severity').map((r) => r.value)).toEqual(['1', '2', '3', '4']);
    expect(rows.filter((r) => r.dimension === 'model').map((r) => r.value)).toEqual(['critic', 'judge-model']);
  });
});
