/**
 * The closing-note figures of issue 25: the AI judge on the demo project's data against the local
 * Chat Completions server (tests/helpers/chat-server.ts), in a throwaway embedded PostgreSQL.
 *
 *   npx tsx scripts/judge-demo.ts [--labelers 5] [--seed 25]
 *
 * The demo has prompts and responses but no labels, so labelers are simulated: each response gets a
 * hidden quality (seeded); a labeler ranks by quality plus Gaussian noise (σ 1.0), ties when rounded
 * qualities meet. The local server plays the judge: quality plus smaller noise (σ 0.7), and a
 * position bias (10% of answers put the first shown response first). As discriminator it names the
 * flawed text 80% of the time; as critique checker it says "points to the flaw" half the time.
 * Prints judge–human agreement beside human–human, position consistency, model scores and the gap,
 * then the dataset health report (issue 28) of the same simulated labels.
 * The labelers' figures are the same on every run (seeded); the judge's vary a little, as its shown
 * orders are drawn from the run's id. Nothing calls a host outside this machine.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFreePort, startEmbeddedPostgres } from './lib/embedded-postgres';
import { deployMigrations } from './lib/migrations';

const { values } = parseArgs({ options: { labelers: { type: 'string' }, seed: { type: 'string' } } });
const LABELERS = Number(values.labelers ?? 5);
const SEED = Number(values.seed ?? 25);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preflab-judge-demo-'));
fs.chmodSync(tmp, 0o755);
const server = await startEmbeddedPostgres({ dataDir: path.join(tmp, 'data'), port: await findFreePort() });
let chat: { close: () => Promise<void> } | null = null;
try {
  const databaseUrl = server.urlFor('postgres');
  await deployMigrations({ databaseUrl });
  process.env.DATABASE_URL = databaseUrl;
  process.env.NEXTAUTH_SECRET ??= 'judge-demo-secret-judge-demo-secret-0123';
  process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';
  process.env.LOG_LEVEL = 'warn';

  const { getDb, getPgPool } = await import('../lib/db');
  const { seedDemo } = await import('../prisma/seed');
  const { buildModelConnection, buildUser, insertJudgments } = await import('../lib/builders');
  const { addMember } = await import('../lib/projects/add-member');
  const { seededRandom } = await import('../lib/stats');
  const { createJudgeJob } = await import('../lib/generation/create-judge-job');
  const { createDiscriminateJob } = await import('../lib/generation/create-discriminate-job');
  const { runGenerationJob } = await import('../lib/generation/run-generation-job');
  const { getJudgeAgreement } = await import('../lib/judge/get-judge-agreement');
  const { getCritiqueGap } = await import('../lib/judge/get-critique-gap');
  const { formatJudgeFigures } = await import('./judge-figures');
  const { startChatServer } = await import('../tests/helpers/chat-server');
  const { discriminateTexts, lastUserContent, promptKind, rankingAnswer, shownAnswers } = await import('../tests/helpers/judge-responder');

  await seedDemo(getDb());
  const pool = getPgPool();
  const { rows: projects } = await pool.query<{ id: string }>(`SELECT id FROM projects WHERE slug = 'demo-helpfulness'`);
  const projectId = projects[0]!.id;
  const { rows: responses } = await pool.query<{ id: string; itemId: string; text: string }>(
    `SELECT r.id, r."itemId", r.text FROM responses r JOIN items i ON i.id = r."itemId" WHERE i."projectId" = $1 ORDER BY r."externalId"`,
    [projectId],
  );
  const random = seededRandom(SEED);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Hidden quality on the Likert scale (1–7).
  const quality = new Map(responses.map((r) => [r.id, 1 + random() * 6]));
  const qualityOfText = new Map(responses.map((r) => [r.text, quality.get(r.id)!]));

  const users: string[] = [];
  for (let n = 0; n < LABELERS; n++) {
    const u = await buildUser({ role: 'LABELER', name: `Simulated labeler ${n + 1}`, password: null, domain: 'judge-demo.test' });
    await addMember({ actorId: null, input: { projectId, email: u.email } });
    users.push(u.id);
  }
  const byItem = new Map<string, string[]>();
  for (const r of responses) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r.id]);
  const rankBy = (ids: string[], noise: number) => {
    const score = new Map(ids.map((id) => [id, Math.round(quality.get(id)! + noise * gaussian())]));
    const levels = [...new Set(score.values())].sort((a, b) => b - a);
    return levels.map((l) => ids.filter((id) => score.get(id) === l));
  };
  const judgments = [...byItem].flatMap(([itemId, ids]) =>
    users.map((userId) => ({ itemId, userId, shownOrder: ids, ranking: rankBy(ids, 1.0) })),
  );
  // Every simulated labeler labels every item: the overlap must allow as many.
  await pool.query(`UPDATE projects SET overlap = greatest(overlap, $2) WHERE id = $1`, [projectId, LABELERS]);
  await insertJudgments({ projectId, judgments });

  const local = await startChatServer({
    respond: (body) => {
      const content = lastUserContent(body);
      // Each request's own noise, reproducible: a generator seeded from the request.
      const r = seededRandom(createHash('sha256').update(JSON.stringify(body)).digest().readUInt32BE(0));
      const noise = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
      const kind = promptKind(content);
      if (kind === 'judge') {
        const answers = shownAnswers(content);
        const biased = r() < 0.1;
        return rankingAnswer(answers, (a) =>
          biased && a.letter === 'A' ? 8 : Math.round((qualityOfText.get(a.text) ?? 4) + 0.7 * noise()),
        );
      }
      if (kind === 'discriminate') {
        const { a, b } = discriminateTexts(content);
        // The flawed text is the one that is not a response's own text.
        const flawed = qualityOfText.has(a) && !qualityOfText.has(b) ? 'B' : 'A';
        return JSON.stringify({ flawed: r() < 0.8 ? flawed : flawed === 'A' ? 'B' : 'A', reason: 'simulated' });
      }
      if (kind === 'critique-check') {
        // Half the critiques point to the flaw.
        return JSON.stringify({ points_to_flaw: r() < 0.5, reason: 'simulated' });
      }
      return undefined;
    },
  });
  chat = local;
  const connection = await buildModelConnection({
    projectId,
    baseUrl: local.url,
    model: 'local-judge',
    name: 'Local judge',
    maxConcurrency: 8,
  });
  const judge = await createJudgeJob({ actorId: null, input: { projectId, connectionId: connection.id, items: { by: 'labeled' } } });
  await runGenerationJob({ jobId: judge.jobId, runner: 0 });
  const disc = await createDiscriminateJob({
    actorId: null,
    input: { projectId, connectionId: connection.id, trials: 10, params: { seed: SEED } },
  });
  await runGenerationJob({ jobId: disc.jobId, runner: 0 });

  const agreement = await getJudgeAgreement({ projectId });
  const gap = await getCritiqueGap({ projectId });
  console.log(`demo project: ${byItem.size} items, ${responses.length} responses, ${LABELERS} simulated labelers (seed ${SEED})`);
  console.log(formatJudgeFigures({ ...agreement, gap: gap.rows }));
  // The same simulated labels' dataset health (issue 28): the demo seeds no labels of its own.
  const { computeProjectHealth } = await import('../lib/export/project-health');
  const { renderHealthMarkdown } = await import('../lib/health/render-health');
  const health = await computeProjectHealth({ projectId });
  console.log(renderHealthMarkdown(health, { heading: '# Dataset health of the demo project (simulated labelers, pairs rows)' }));
  await pool.end();
} finally {
  await chat?.close();
  await server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
