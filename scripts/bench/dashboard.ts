/**
 * The lead dashboard on a large project: seeds 50,000 items (K = 4, 8 models of planted
 * strength) judged by 3 of 60 labelers each = 150,000 judgments with planted disagreement (noisy
 * labelers, hard items, 2 random clickers, 2 first-shown clickers, ratings with Likert and flags,
 * 2% gold), computes the per-item numbers from scratch (the backfill), then times every
 * dashboard function (server time: the call in this process, as a page would make it), beside a
 * raw SQL baseline of the same aggregate without precomputation where one exists. Also the time
 * submitRanking spends recomputing its item.
 *   --items N (50000)  --labelers N (60)  --runs N (5)  --json
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { insertItems } from '../../lib/builders/insert-items';
import { insertMemberships, insertProject } from '../../lib/builders/build-project';
import { insertUsers } from '../../lib/builders/insert-users';
import { seededRandom } from '../../lib/stats/random';
import { round, scratchDatabase } from './harness';

const MODELS = Array.from({ length: 8 }, (_, m) => `model-${m + 1}`);
const FLAGS = ['hallucination', 'fails_instruction', 'expresses_opinion', 'harmful_advice'];
const DAY_MS = 86_400_000;

type Row = { name: string; medianMs: number; maxMs: number; baseline?: string };

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ medianMs: number; maxMs: number }> {
  await fn(); // warm the plan and the cache, like a page that was loaded before
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: round(ms[Math.floor((ms.length - 1) / 2)]!), maxMs: round(ms[ms.length - 1]!) };
}

/** Items, responses, members; then judgments with assignments and ratings, in chunks through unnest. */
async function seed(pool: pg.Pool, nItems: number, nLabelers: number): Promise<{ projectId: string; labelers: string[] }> {
  const random = seededRandom(6);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const pick = <T>(values: T[], n: number) => {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out.slice(0, n);
  };
  const projectId = await insertProject({ pool, slug: 'bench-dash', name: 'Bench', overlap: 3, settings: { goldRate: 0 } });
  const users = await insertUsers({ pool, count: nLabelers, email: (n) => `l${n}@b.test`, name: (n) => `Labeler ${n}` });
  await insertMemberships({ pool, projectId, userIds: users.map((u) => u.id) });
  const strength = new Map(MODELS.map((m, i) => [m, i * 0.25]));
  const plan = Array.from({ length: nItems + 200 }, () => ({
    models: pick(MODELS, 4),
    lengths: [0, 1, 2, 3].map(() => 20 + Math.floor(random() * 280)),
  }));
  // Gold: 2% of items (their reference ranking is written after the responses exist).
  const items = await insertItems({
    pool,
    projectId,
    count: nItems + 200,
    prompt: (n) => `Question number ${n}`,
    isGold: (n) => n % 50 === 0,
    responses: (n) =>
      ['a', 'b', 'c', 'd'].map((ext, r) => ({
        externalId: ext,
        modelId: plan[n - 1]!.models[r]!,
        text: 'w'.repeat(plan[n - 1]!.lengths[r]!),
      })),
  });
  const responseIds = new Map(items.map((item) => [item.id, item.responses.map((r) => r.id)]));

  // Labelers: most honest with their own noise, two random clickers, two first-shown clickers.
  const kinds = users.map((_, l) => (l < 2 ? 'random' : l < 4 ? 'first' : 'honest'));
  const noise = users.map(() => 0.6 + random() * 1.2);
  const now = Date.now();
  const judged = items.slice(0, nItems);
  for (let at = 0; at < judged.length; at += 5000) {
    const col = {
      a: [] as string[],
      j: [] as string[],
      item: [] as string[],
      user: [] as string[],
      slot: [] as number[],
      shown: [] as string[],
      ranking: [] as string[],
      ms: [] as number[],
      when: [] as string[],
    };
    const rating = { j: [] as string[], response: [] as string[], likert: [] as number[], flags: [] as string[] };
    judged.slice(at, at + 5000).forEach((item, k) => {
      const n = at + k;
      const ids = responseIds.get(item.id)!;
      const hard = random() < 0.2 ? 1.5 : 0;
      const truth = plan[n]!.models.map((m) => strength.get(m)! + 0.8 * gaussian());
      pick(
        users.map((_, l) => l),
        3,
      ).forEach((l, slot) => {
        const shown = pick([0, 1, 2, 3], 4);
        const score = truth.map((t) => t + (noise[l]! + hard) * gaussian());
        let order = [0, 1, 2, 3].sort((x, y) => score[y]! - score[x]!);
        if (kinds[l] === 'random') order = pick([0, 1, 2, 3], 4);
        if (kinds[l] === 'first') order = [shown[0]!, ...order.filter((r) => r !== shown[0])];
        // Near-equal scores become ties now and then.
        const groups: number[][] = [];
        for (const r of order) {
          const last = groups.at(-1);
          if (last && kinds[l] === 'honest' && Math.abs(score[last[0]!]! - score[r]!) < 0.1) last.push(r);
          else groups.push([r]);
        }
        const judgmentId = randomUUID();
        col.a.push(randomUUID());
        col.j.push(judgmentId);
        col.item.push(item.id);
        col.user.push(users[l]!.id);
        col.slot.push(slot);
        col.shown.push(JSON.stringify(shown.map((r) => ids[r])));
        col.ranking.push(JSON.stringify(groups.map((g) => g.map((r) => ids[r]))));
        col.ms.push(10_000 + Math.floor(random() * 110_000));
        col.when.push(new Date(now - Math.floor(((nItems - n) / nItems) * 30 * DAY_MS) - slot * 60_000).toISOString());
        for (let r = 0; r < 4; r++) {
          rating.j.push(judgmentId);
          rating.response.push(ids[r]!);
          rating.likert.push(Math.min(7, Math.max(1, Math.round(4 + 1.5 * score[r]! - 2))));
          rating.flags.push(JSON.stringify(FLAGS.filter((_, f) => random() < (score[r]! < 0 ? 0.3 : 0.05) / (f + 1))));
        }
      });
    });
    await pool.query(
      `WITH a AS (
         INSERT INTO assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "submittedAt", "createdAt")
         SELECT u.a, $1, u.item, u.usr, 'SUBMITTED', u.at, ARRAY(SELECT jsonb_array_elements_text(u.shown)), u.slot, u.at, u.at
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[], $7::timestamp[]) AS u(a, item, usr, slot, shown, at) RETURNING id)
       INSERT INTO judgments (id, "assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", "createdAt")
       SELECT u.j, u.a, u.item, u.usr, u.ranking, '{}', 1, u.ms, u.at FROM unnest($2::uuid[], $8::uuid[], $3::uuid[], $4::uuid[], $9::jsonb[], $10::int[], $7::timestamp[]) AS u(a, j, item, usr, ranking, ms, at)
       WHERE u.a IN (SELECT id FROM a)`,
      [projectId, col.a, col.item, col.user, col.slot, col.shown, col.when, col.j, col.ranking, col.ms],
    );
    await pool.query(
      `INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags)
       SELECT u.j, u.r, u.likert, ARRAY(SELECT jsonb_array_elements_text(u.flags)) FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::jsonb[]) AS u(j, r, likert, flags)`,
      [rating.j, rating.response, rating.likert, rating.flags],
    );
  }
  // Gold rankings: the models' planted order.
  await pool.query(
    `UPDATE items i SET "goldRanking" = (SELECT jsonb_agg(jsonb_build_array(r.id) ORDER BY r."modelId" DESC) FROM responses r WHERE r."itemId" = i.id)
     WHERE i."projectId" = $1 AND i."isGold"`,
    [projectId],
  );
  await pool.query('ANALYZE');
  return { projectId, labelers: users.map((u) => u.id) };
}

// Raw SQL over the judgments, no precomputed rows: every ranking expanded to (response, group) rows.
const POSITIONS = `
  WITH pos AS (
    SELECT j.id AS jid, j."itemId", j."userId", r.resp, g.ord
    FROM judgments j JOIN items i ON i.id = j."itemId"
    CROSS JOIN LATERAL jsonb_array_elements(j.ranking) WITH ORDINALITY AS g(grp, ord)
    CROSS JOIN LATERAL jsonb_array_elements_text(g.grp) AS r(resp)
    WHERE i."projectId" = $1)`;
const PAIRS_OF_LABELERS = `
  FROM pos a1 JOIN pos a2 ON a2.jid = a1.jid AND a2.resp > a1.resp AND a2.ord <> a1.ord
  JOIN pos b1 ON b1."itemId" = a1."itemId" AND b1."userId" > a1."userId" AND b1.resp = a1.resp
  JOIN pos b2 ON b2.jid = b1.jid AND b2.resp = a2.resp AND b2.ord <> b1.ord`;

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      items: { type: 'string', default: '50000' },
      labelers: { type: 'string', default: '60' },
      runs: { type: 'string', default: '5' },
    },
  });
  const nItems = Number(values.items);
  const runs = Number(values.runs);
  const db = await scratchDatabase('dashboard');
  process.env.DB_POOL_SIZE = '4';
  const { getDb, getPgPool, withTransaction } = await import('../../lib/db');
  const dash = {
    ...(await import('../../lib/dashboard/get-progress-summary')),
    ...(await import('../../lib/dashboard/get-agreement-summary')),
    ...(await import('../../lib/dashboard/find-labeler-quality')),
    ...(await import('../../lib/dashboard/get-model-scores')),
    ...(await import('../../lib/dashboard/find-disagreement-queue')),
    ...(await import('../../lib/dashboard/get-item-judgments')),
    ...(await import('../../lib/dashboard/get-my-quality')),
    ...(await import('../../lib/dashboard/adjudicate-item')),
    ...(await import('../../lib/dashboard/set-member-excluded')),
    ...(await import('../../lib/dashboard/set-member-paused')),
    ...(await import('../../lib/judgments/refresh-project-stats')),
    ...(await import('../../lib/judgments/recompute-item-stats')),
  };
  const { claimNextTask, submitRanking } = await import('../../lib/tasks/kinds/rank');
  const raw = new pg.Pool({ connectionString: db.databaseUrl, max: 2 });
  const pool = getPgPool();
  try {
    let t = performance.now();
    const { projectId, labelers } = await seed(raw, nItems, Number(values.labelers));
    const seedMs = performance.now() - t;
    const {
      rows: [counts],
    } = await raw.query<{ judgments: number }>(`SELECT count(*)::int AS judgments FROM judgments`);
    t = performance.now();
    const backfilled = await dash.refreshProjectStats({ projectId, all: true });
    const backfillMs = performance.now() - t;
    await raw.query('ANALYZE');

    const queue = await dash.findDisagreementQueue({ projectId });
    const hardItem = queue.rows[0]!.itemId;
    const rows: Row[] = [];
    const add = async (name: string, fn: () => Promise<unknown>, baseline?: [string, () => Promise<unknown>]) => {
      const figure = await time(runs, fn);
      const base = baseline ? await time(Math.min(runs, 3), baseline[1]) : undefined;
      rows.push({ name, ...figure, ...(base && baseline ? { baseline: `${base.medianMs} ms: ${baseline[0]}` } : {}) });
    };
    await add('getProgressSummary', () => dash.getProgressSummary({ projectId }));
    await add('getAgreementSummary (1,000 resamples)', () => dash.getAgreementSummary({ projectId }), [
      'pairwise agreement point estimate, raw SQL',
      () =>
        raw.query(
          `${POSITIONS} SELECT avg(CASE WHEN sign(a1.ord - a2.ord) = sign(b1.ord - b2.ord) THEN 1.0 ELSE 0 END) ${PAIRS_OF_LABELERS}`,
          [projectId],
        ),
    ]);
    await add('findLabelerQuality', () => dash.findLabelerQuality({ projectId }), [
      'labels and median time only, raw SQL',
      () =>
        raw.query(
          `SELECT j."userId", count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY j."durationMs") FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1 GROUP BY 1`,
          [projectId],
        ),
    ]);
    await add('getModelScores (500 resamples)', () => dash.getModelScores({ projectId }), [
      'game tallies only (no fit), raw SQL',
      () =>
        raw.query(
          `${POSITIONS} SELECT ra."modelId", rb."modelId", count(*), sum(CASE WHEN a1.ord < a2.ord THEN 1 WHEN a1.ord = a2.ord THEN 0.5 ELSE 0 END)
         FROM pos a1 JOIN pos a2 ON a2.jid = a1.jid AND a2.resp > a1.resp JOIN responses ra ON ra.id = a1.resp::uuid JOIN responses rb ON rb.id = a2.resp::uuid GROUP BY 1, 2`,
          [projectId],
        ),
    ]);
    await add('findDisagreementQueue page 1', () => dash.findDisagreementQueue({ projectId }), [
      'per-item agreement, lowest 50, raw SQL',
      () =>
        raw.query(
          `${POSITIONS} SELECT a1."itemId", avg(CASE WHEN sign(a1.ord - a2.ord) = sign(b1.ord - b2.ord) THEN 1.0 ELSE 0 END) AS agreement ${PAIRS_OF_LABELERS}
         GROUP BY 1 ORDER BY 2, 1 LIMIT 50`,
          [projectId],
        ),
    ]);
    await add('findDisagreementQueue page 500', () => dash.findDisagreementQueue({ projectId, page: 500 }));
    await add('getItemJudgments', () => dash.getItemJudgments({ projectId, itemId: hardItem }));
    await add('getMyQuality', () => dash.getMyQuality({ projectId, userId: labelers[10]! }));

    // Writes.
    const one = async (name: string, fn: () => Promise<unknown>) => {
      const started = performance.now();
      await fn();
      rows.push({ name, medianMs: round(performance.now() - started), maxMs: round(performance.now() - started) });
    };
    const ids = (
      await raw.query<{ id: string }>(`SELECT id FROM responses WHERE "itemId" = $1 ORDER BY "externalId"`, [hardItem])
    ).rows.map((r) => r.id);
    await add('adjudicateItem', () =>
      dash.adjudicateItem({ actorId: labelers[0]!, projectId, itemId: hardItem, ranking: ids.map((id) => [id]), note: 'bench' }),
    );
    await one('setMemberPaused (pause + resume)', async () => {
      await dash.setMemberPaused({ actorId: labelers[0]!, projectId, userId: labelers[5]!, paused: true });
      await dash.setMemberPaused({ actorId: labelers[0]!, projectId, userId: labelers[5]!, paused: false });
    });
    const judgedBy5 = (await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM judgments WHERE "userId" = $1`, [labelers[5]]))
      .rows[0]!.n;
    await one(`setMemberExcluded (${judgedBy5.toLocaleString('en')} items recomputed)`, () =>
      dash.setMemberExcluded({ actorId: labelers[0]!, projectId, userId: labelers[5]!, excluded: true }),
    );
    await add('getAgreementSummary after the exclusion', () => dash.getAgreementSummary({ projectId }));
    await one('setMemberExcluded (include again)', () =>
      dash.setMemberExcluded({ actorId: labelers[0]!, projectId, userId: labelers[5]!, excluded: false }),
    );

    // Submit: the whole call, and the recompute inside it (same item shape: 4 responses, up to 3 judgments).
    const submitMs: number[] = [];
    const submittedItems = new Set<string>();
    for (let round = 0; round < 60; round++) {
      // Three labelers in turn: the claim order (items in progress first) fills one new item at a time.
      for (const userId of labelers.slice(-3)) {
        const task = await claimNextTask({ projectId, userId });
        if (!task) throw new Error('nothing left to claim');
        const started = performance.now();
        await submitRanking({
          userId,
          projectId,
          input: {
            assignmentId: task.assignmentId,
            ranking: task.shownOrder.map((r) => [r]),
            allUnacceptable: false,
            ratings: task.shownOrder.map((r, k) => ({ responseId: r, likert: 1 + k, flags: [], flaws: [] })),
            promptFlags: [],
            durationMs: 1000,
          },
        });
        submitMs.push(performance.now() - started);
        submittedItems.add(task.itemId);
      }
    }
    const recomputeMs: number[] = [];
    // Each recompute is measured in a transaction that is then rolled back (thrown away), so every item is recomputed from the same state.
    const discard = new Error('roll back');
    for (const itemId of submittedItems) {
      await withTransaction(async (client) => {
        const started = performance.now();
        await dash.recomputeItemStats(client, itemId);
        recomputeMs.push(performance.now() - started);
        throw discard;
      }).catch((error: unknown) => {
        if (error !== discard) throw error;
      });
    }
    const pct = (ms: number[], q: number) => round([...ms].sort((a, b) => a - b)[Math.min(ms.length - 1, Math.floor(q * ms.length))]!);
    const submit = {
      submitP50Ms: pct(submitMs, 0.5),
      submitP95Ms: pct(submitMs, 0.95),
      recomputeP50Ms: pct(recomputeMs, 0.5),
      recomputeP95Ms: pct(recomputeMs, 0.95),
    };

    const result = {
      benchmark: 'dashboard',
      setup: {
        items: nItems,
        responsesPerItem: 4,
        judgments: counts?.judgments ?? 0,
        labelers: labelers.length,
        models: MODELS.length,
        runs,
        seedSeconds: round(seedMs / 1000),
      },
      backfill: { items: backfilled, seconds: round(backfillMs / 1000), itemsPerSecond: round(backfilled / (backfillMs / 1000)) },
      functions: rows,
      submit,
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(
      `\ndashboard: ${nItems.toLocaleString('en')} items × 4 responses, ${result.setup.judgments.toLocaleString('en')} judgments by ${labelers.length} labelers, ${MODELS.length} models (seeded in ${result.setup.seedSeconds} s)`,
    );
    console.log(
      `backfill (recompute every item from scratch): ${backfilled.toLocaleString('en')} items in ${result.backfill.seconds} s (${result.backfill.itemsPerSecond} items/s)\n`,
    );
    console.log(
      `${'function (server time)'.padEnd(48)} ${'median ms'.padStart(10)} ${'max ms'.padStart(9)}  baseline (median, no precomputation)`,
    );
    for (const r of rows)
      console.log(`${r.name.padEnd(48)} ${String(r.medianMs).padStart(10)} ${String(r.maxMs).padStart(9)}  ${r.baseline ?? ''}`);
    console.log(
      `\nsubmitRanking p50 ${submit.submitP50Ms} ms, p95 ${submit.submitP95Ms} ms; of which recomputeItemStats p50 ${submit.recomputeP50Ms} ms, p95 ${submit.recomputeP95Ms} ms (${submitMs.length} submits)`,
    );
  } finally {
    await raw.end();
    await pool.end();
    await getDb().$disconnect();
    await db.close();
  }
}
