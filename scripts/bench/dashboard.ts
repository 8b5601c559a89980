/**
 * The lead dashboard at scale (issue 23): seeds about N/3 items (K = 4, 8 models of planted
 * strength) judged by 3 of 60 labelers each = N judgments with planted disagreement
 * (scripts/bench/dashboard-seed.ts, by COPY), computes the per-item numbers from scratch (the
 * backfill), then times every widget of the dashboard and pool pages by its public function
 * (server time: the call in this process, as a page makes it), each beside the same figure
 * computed by raw SQL from scratch (judgments and assignments only, nothing precomputed). Abuse
 * alarms and the group breakdown (by language: the labelers get three languages) are cached by the
 * stats refresh job: their first view, the job's recompute of both (and of each) and the cached
 * read are timed apart. The first views after the seed and backfill (a backlog of changes: they
 * answer at once with what was last folded, saying so) and the background fold that takes the
 * backlog in (the stats refresh job's folds) are timed apart too, as is a view folding just under
 * its inline limit of pending changes. Then the time pause and exclude take to return, and what submitRanking
 * spends recomputing its item.
 *   --judgments N (150000; `--items N` = N items × 3)  --labelers N (60)  --runs N (5)  --baseline-runs N (1; 0 skips the baselines)
 *   --only word,word (just the figures whose name contains one)  --skip-backfill (for widgets that need no item_stats)  --json
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import {
  LABELS_PER_DAY_FROM_SCRATCH_SQL,
  PROGRESS_ITEMS_FROM_SCRATCH_SQL,
  STARVING_ITEMS_FROM_SCRATCH_SQL,
} from '../../lib/dashboard/from-scratch';
import { MODELS, seedDashboardProject } from './dashboard-seed';
import { round, scratchDatabase } from './harness';

type Timing = { medianMs: number; maxMs: number };
type Row = Timing & { name: string; baseline?: string; baselineMs?: number; baselineName?: string };

/** One timed call, as a row's figures. */
const once = (started: number): Timing => {
  const ms = round(performance.now() - started);
  return { medianMs: ms, maxMs: ms };
};

async function time(runs: number, fn: () => Promise<unknown>, warm = true): Promise<Timing> {
  if (warm) await fn(); // warm the plan and the cache, like a page that was loaded before
  const ms: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { medianMs: round(ms[Math.floor((ms.length - 1) / 2)]!), maxMs: round(ms[ms.length - 1]!) };
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
const AGREE = 'avg(CASE WHEN sign(a1.ord - a2.ord) = sign(b1.ord - b2.ord) THEN 1.0 ELSE 0 END)';

const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      judgments: { type: 'string' },
      items: { type: 'string' },
      labelers: { type: 'string', default: '60' },
      runs: { type: 'string', default: '5' },
      'baseline-runs': { type: 'string', default: '1' },
      only: { type: 'string' },
      'skip-backfill': { type: 'boolean', default: false },
    },
  });
  const only = values.only?.split(',').map((w) => w.trim().toLowerCase());
  const wanted = (name: string) => !only || only.some((w) => name.toLowerCase().includes(w));
  const judgments = values.judgments ? Number(values.judgments) : values.items ? Number(values.items) * 3 : 150_000;
  const runs = Number(values.runs);
  const baselineRuns = Number(values['baseline-runs']);
  const load = { start: os.loadavg().map(round) };
  const db = await scratchDatabase('dashboard');
  process.env.DB_POOL_SIZE = '4';
  const { getDb, getPgPool, withTransaction } = await import('../../lib/db');
  const dash = {
    ...(await import('../../lib/dashboard/get-progress-summary')),
    ...(await import('../../lib/dashboard/get-agreement-summary')),
    ...(await import('../../lib/dashboard/find-labeler-quality')),
    ...(await import('../../lib/dashboard/find-abuse-alarms')),
    ...(await import('../../lib/dashboard/get-model-scores')),
    ...(await import('../../lib/dashboard/find-disagreement-queue')),
    ...(await import('../../lib/dashboard/find-group-breakdown')),
    ...(await import('../../lib/dashboard/refresh-cached-figures')),
    ...(await import('../../lib/dashboard/get-item-judgments')),
    ...(await import('../../lib/dashboard/get-my-quality')),
    ...(await import('../../lib/dashboard/adjudicate-item')),
    ...(await import('../../lib/dashboard/set-member-excluded')),
    ...(await import('../../lib/dashboard/set-member-paused')),
    ...(await import('../../lib/judgments/refresh-project-stats')),
    ...(await import('../../lib/judgments/recompute-item-stats')),
    ...(await import('../../lib/dashboard/fold-rollups')),
    ...(await import('../../lib/dashboard/refresh-dashboard-intervals')),
    ...(await import('../../lib/pool/fold-progress')),
  };
  const pool$ = {
    ...(await import('../../lib/pool/find-starving-items')),
    ...(await import('../../lib/pool/find-member-profiles')),
  };
  const { claimNextTask, submitRanking } = await import('../../lib/tasks/kinds/rank');
  const raw = new pg.Pool({ connectionString: db.databaseUrl, max: 2 });
  const pool = getPgPool();
  try {
    let t = performance.now();
    const { projectId, labelers, nItems, generateSeconds } = await seedDashboardProject(raw, {
      judgments,
      labelers: Number(values.labelers),
    });
    const seedMs = performance.now() - t;
    // Three language groups of 20 labelers, so the group breakdown has groups to compare.
    await raw.query(
      `INSERT INTO labeler_languages ("userId", language, proficiency)
       SELECT id, (ARRAY['english', 'german', 'french'])[1 + n % 3], 'NATIVE' FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, n)`,
      [labelers],
    );
    const {
      rows: [counts],
    } = await raw.query<{ judgments: number; assignments: number }>(
      `SELECT (SELECT count(*)::int FROM judgments) AS judgments, (SELECT count(*)::int FROM assignments) AS assignments`,
    );
    t = performance.now();
    const backfilled = values['skip-backfill'] ? 0 : await dash.refreshProjectStats({ projectId, all: true });
    const backfillMs = performance.now() - t;
    await raw.query('ANALYZE');
    // An app instance starts its job queue at boot: so does this process, before any view queues a job.
    await (await import('../../lib/jobs/job-queue')).getJobQueue();
    // The first views after the seed and backfill meet a backlog (progress never folded, the backfill's rollup deltas): they
    // answer at once with what was last folded, saying so, and queue the background fold, timed next (the stats refresh
    // job's steps, run here in turn). Then the first views after it, with nothing cached but what the job made.
    const firstViews: { name: string; ms: number; state?: string; baselineOf?: string }[] = [];
    const first = async (name: string, fn: () => Promise<string | undefined>, baselineOf?: string) => {
      if (!wanted(name)) return;
      const started = performance.now();
      const state = await fn();
      firstViews.push({ name, ms: round(performance.now() - started), state, baselineOf });
    };
    const progressState = (p: { freshness: { asOf: Date | null; behind: boolean } }) =>
      p.freshness.behind ? (p.freshness.asOf ? 'recomputing, last folded figures' : 'computing, no figures yet') : 'current';
    const agreementState = (a: { intervals: { behind: boolean; estimatesBehind?: true } }) =>
      a.intervals.estimatesBehind ? 'backlog left to the background fold' : a.intervals.behind ? 'intervals behind' : 'current';
    const PROGRESS_BASE = 'getProgressSummary';
    const AGREEMENT_BASE = 'getAgreementSummary (1,000 resamples)';
    await first(
      'getProgressSummary, first view (backlog)',
      async () => progressState(await dash.getProgressSummary({ projectId })),
      PROGRESS_BASE,
    );
    await first('findStarvingItems, first view (backlog)', async () => progressState(await pool$.findStarvingItems({ projectId })));
    await first(
      'getAgreementSummary, first view (backlog)',
      async () => agreementState(await dash.getAgreementSummary({ projectId })),
      AGREEMENT_BASE,
    );
    await first('job: fold progress (builds from scratch) + vacuum', async () => {
      const fold = await withTransaction((client) => dash.foldProgress(client, projectId));
      if (fold.rebuilt || fold.items >= dash.VACUUM_AFTER) await dash.vacuumLog('progress_changes');
      return fold.rebuilt ? 'rebuilt' : `${fold.items} items`;
    });
    const deltas = (
      await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM dashboard_rollup_deltas WHERE "projectId" = $1`, [projectId])
    ).rows[0]!.n;
    await first(`job: fold the rollup deltas (the backfill: ${deltas.toLocaleString('en')}) + vacuum`, async () => {
      await dash.foldRollups({ projectId });
      return undefined;
    });
    await first('job: bootstrap intervals (agreement, models)', async () =>
      (await dash.refreshDashboardIntervals({ projectId })).join(', '),
    );
    await first(
      'getProgressSummary, first view after the job',
      async () => progressState(await dash.getProgressSummary({ projectId })),
      PROGRESS_BASE,
    );
    await first(
      'getAgreementSummary, first view after the job',
      async () => agreementState(await dash.getAgreementSummary({ projectId })),
      AGREEMENT_BASE,
    );

    const hardItem = values['skip-backfill']
      ? (await raw.query<{ id: string }>(`SELECT id FROM items WHERE "projectId" = $1 LIMIT 1`, [projectId])).rows[0]!.id
      : (await dash.findDisagreementQueue({ projectId })).rows[0]!.itemId;
    const rows: Row[] = [];
    const add = async (name: string, fn: () => Promise<unknown>, baseline?: [string, () => Promise<unknown>]) => {
      if (!wanted(name)) return;
      const figure = await time(runs, fn);
      const base = baseline && baselineRuns > 0 ? await time(baselineRuns, baseline[1], false) : undefined;
      rows.push({
        name,
        ...figure,
        ...(base && baseline
          ? { baseline: `${base.medianMs} ms: ${baseline[0]}`, baselineMs: base.medianMs, baselineName: baseline[0] }
          : {}),
      });
    };
    const since = dayString((Math.floor(Date.now() / 86_400_000) - 29) * 86_400_000);
    await add('getProgressSummary', () => dash.getProgressSummary({ projectId }), [
      'the same figures from assignments, raw SQL',
      () =>
        Promise.all([
          raw.query(PROGRESS_ITEMS_FROM_SCRATCH_SQL, [projectId]),
          raw.query(LABELS_PER_DAY_FROM_SCRATCH_SQL, [projectId, since]),
        ]),
    ]);
    await add('getAgreementSummary (1,000 resamples)', () => dash.getAgreementSummary({ projectId }), [
      'pairwise agreement point estimate, raw SQL',
      () => raw.query(`${POSITIONS} SELECT ${AGREE} ${PAIRS_OF_LABELERS}`, [projectId]),
    ]);
    await add('findLabelerQuality', () => dash.findLabelerQuality({ projectId }), [
      'labels and median time only, raw SQL',
      () =>
        raw.query(
          `SELECT j."userId", count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY j."durationMs") FROM judgments j JOIN items i ON i.id = j."itemId" WHERE i."projectId" = $1 GROUP BY 1`,
          [projectId],
        ),
    ]);
    // Abuse alarms and group breakdowns are computed by the stats refresh job and cached (lib/dashboard/figure-cache.ts):
    // the first views ask for them, the job's step computes them (timed once), then the views read the cache.
    if (wanted('findAbuseAlarms') || wanted('findGroupBreakdown')) {
      let started = performance.now();
      const asked = await dash.findAbuseAlarms({ projectId });
      rows.push({
        name: `findAbuseAlarms, first view (${asked.alarms ? 'computed in the view' : 'none cached yet: says computing'})`,
        ...once(started),
      });
      started = performance.now();
      const askedGroups = await dash.findGroupBreakdown({ projectId, attribute: 'language' });
      rows.push({ name: `findGroupBreakdown, first view (${askedGroups.breakdown ? 'computed' : 'says computing'})`, ...once(started) });
      started = performance.now();
      const { refreshed } = await dash.refreshCachedFigures({ projectId });
      rows.push({ name: 'job: refreshCachedFigures (both, from scratch)', ...once(started) });
      for (const f of refreshed)
        rows.push({
          name: `  of which ${f.widget === 'abuse' ? 'the abuse alarms' : `the group breakdown by ${f.key}`}`,
          medianMs: round(f.ms),
          maxMs: round(f.ms),
        });
      started = performance.now();
      await dash.refreshCachedFigures({ projectId });
      rows.push({ name: 'job: refreshCachedFigures when nothing changed', ...once(started) });
    }
    await add('findAbuseAlarms (cached read)', () => dash.findAbuseAlarms({ projectId }), [
      'agreement of every pair of labelers, raw SQL',
      () => raw.query(`${POSITIONS} SELECT a1."userId", b1."userId", ${AGREE}, count(*) ${PAIRS_OF_LABELERS} GROUP BY 1, 2`, [projectId]),
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
    const queueSql = (offset: number) =>
      `${POSITIONS} SELECT a1."itemId", ${AGREE} AS agreement ${PAIRS_OF_LABELERS} GROUP BY 1 ORDER BY 2, 1 LIMIT 50 OFFSET ${offset}`;
    await add('findDisagreementQueue page 1', () => dash.findDisagreementQueue({ projectId }), [
      'per-item agreement, lowest 50, raw SQL',
      () => raw.query(queueSql(0), [projectId]),
    ]);
    await add('findDisagreementQueue page 500', () => dash.findDisagreementQueue({ projectId, page: 500 }), [
      'per-item agreement, 50 from the 24,951st, raw SQL',
      () => raw.query(queueSql(24_950), [projectId]),
    ]);
    await add('findGroupBreakdown (by language, cached read)', () => dash.findGroupBreakdown({ projectId, attribute: 'language' }), [
      'pooled pairwise agreement, raw SQL',
      () => raw.query(`${POSITIONS} SELECT ${AGREE} ${PAIRS_OF_LABELERS}`, [projectId]),
    ]);
    await add('findStarvingItems', () => pool$.findStarvingItems({ projectId }), [
      'the same list from assignments, raw SQL',
      () => raw.query(`${STARVING_ITEMS_FROM_SCRATCH_SQL} LIMIT 100`, [projectId]),
    ]);
    await add('findMemberProfiles', () => pool$.findMemberProfiles({ projectId }), [
      'members with languages and profile, raw SQL',
      () =>
        raw.query(
          `SELECT u.id, u.name, p.region, p.expertise, (SELECT json_agg(l) FROM labeler_languages l WHERE l."userId" = u.id)
           FROM memberships m JOIN users u ON u.id = m."userId" LEFT JOIN labeler_profiles p ON p."userId" = u.id
           WHERE m."projectId" = $1 AND u.role = 'LABELER' ORDER BY u.name`,
          [projectId],
        ),
    ]);
    await add('getItemJudgments', () => dash.getItemJudgments({ projectId, itemId: hardItem }));
    await add('getMyQuality', () => dash.getMyQuality({ projectId, userId: labelers[10]! }));

    // A view just under its inline limit of pending progress changes folds them inline; past it, it answers at once and
    // the background fold takes them in. The changes: submitted assignments moved a day back, then forward again.
    if (wanted('inline')) {
      const limit = dash.INLINE_FOLD_LIMIT;
      const pendingChanges = async () =>
        (await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM progress_changes WHERE "projectId" = $1`, [projectId])).rows[0]!.n;
      const shift = (n: number, days: number) =>
        raw.query(
          `UPDATE assignments SET "submittedAt" = "submittedAt" + make_interval(days => $3)
           WHERE id IN (SELECT id FROM assignments WHERE "projectId" = $1 AND status = 'SUBMITTED' ORDER BY id LIMIT $2)`,
          [projectId, n, days],
        );
      await dash.getProgressSummary({ projectId });
      // Each moved assignment logs one change or two (its old day and its new one): find which, then stay under the limit.
      await shift(100, -1);
      const perRow = Math.max(1, (await pendingChanges()) / 100);
      await shift(100, 1);
      await dash.getProgressSummary({ projectId });
      const under = Math.floor((0.9 * limit) / perRow);
      await shift(under, -1);
      const pendingUnder = await pendingChanges();
      let started = performance.now();
      const inline = await dash.getProgressSummary({ projectId });
      rows.push({
        name: `getProgressSummary folding ${pendingUnder.toLocaleString('en')} changes inline (${progressState(inline)})`,
        ...once(started),
      });
      await shift(under, 1); // back, and again: twice the changes, past the limit
      await shift(under, -1);
      const pendingOver = await pendingChanges();
      started = performance.now();
      const over = await dash.getProgressSummary({ projectId });
      rows.push({ name: `getProgressSummary with ${pendingOver.toLocaleString('en')} pending (${progressState(over)})`, ...once(started) });
      started = performance.now();
      await withTransaction((client) => dash.foldProgress(client, projectId));
      await dash.vacuumLog('progress_changes');
      rows.push({ name: `  job: fold ${pendingOver.toLocaleString('en')} changes + vacuum`, ...once(started) });
      // Put every moved assignment back on its day.
      await shift(under, 1);
      await dash.getProgressSummary({ projectId });
    }

    // Writes: the time to return, then the next view that has to take the change in.
    const one = async (name: string, fn: () => Promise<unknown>) => {
      if (!wanted(name)) return;
      const started = performance.now();
      await fn();
      const ms = round(performance.now() - started);
      rows.push({ name, medianMs: ms, maxMs: ms });
    };
    const ids = (
      await raw.query<{ id: string }>(`SELECT id FROM responses WHERE "itemId" = $1 ORDER BY "externalId"`, [hardItem])
    ).rows.map((r) => r.id);
    await add('adjudicateItem', () =>
      dash.adjudicateItem({ actorId: labelers[0]!, projectId, itemId: hardItem, ranking: ids.map((id) => [id]), note: 'bench' }),
    );
    await one('setMemberPaused (pause) returns', () =>
      dash.setMemberPaused({ actorId: labelers[0]!, projectId, userId: labelers[5]!, paused: true }),
    );
    await one('  getProgressSummary, first view after the pause', () => dash.getProgressSummary({ projectId }));
    await one('setMemberPaused (resume) returns', () =>
      dash.setMemberPaused({ actorId: labelers[0]!, projectId, userId: labelers[5]!, paused: false }),
    );
    await one('  getProgressSummary, first view after the resume', () => dash.getProgressSummary({ projectId }));
    const judgedBy5 = (await raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM judgments WHERE "userId" = $1`, [labelers[5]]))
      .rows[0]!.n;
    await one(`setMemberExcluded (labeler of ${judgedBy5.toLocaleString('en')} items) returns`, () =>
      dash.setMemberExcluded({ actorId: labelers[0]!, projectId, userId: labelers[5]!, excluded: true }),
    );
    await one('  getAgreementSummary, first view after the exclusion', () => dash.getAgreementSummary({ projectId }));
    await one('setMemberExcluded (include again) returns', () =>
      dash.setMemberExcluded({ actorId: labelers[0]!, projectId, userId: labelers[5]!, excluded: false }),
    );
    await one('  getAgreementSummary, first view after including again', () => dash.getAgreementSummary({ projectId }));

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
    // The views after 180 submits: what a lead reloading the page pays for them.
    await one('  getProgressSummary, first view after 180 submits', () => dash.getProgressSummary({ projectId }));
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
    const end = os.loadavg().map(round);

    const result = {
      benchmark: 'dashboard',
      setup: {
        items: nItems,
        responsesPerItem: 4,
        judgments: counts?.judgments ?? 0,
        assignments: counts?.assignments ?? 0,
        labelers: labelers.length,
        models: MODELS.length,
        runs,
        baselineRuns,
        seedSeconds: round(seedMs / 1000),
        /** Of which generating the rows in JS (the rest: COPY, index builds, ANALYZE). */
        generateSeconds,
      },
      load: { ...load, end, cpus: os.cpus().length },
      backfill: { items: backfilled, seconds: round(backfillMs / 1000), itemsPerSecond: round(backfilled / (backfillMs / 1000)) },
      firstViews,
      functions: rows,
      submit,
    };
    if (values.json) {
      console.log(JSON.stringify(result));
      return;
    }
    console.log(
      `\ndashboard: ${nItems.toLocaleString('en')} items × 4 responses, ${result.setup.judgments.toLocaleString('en')} judgments by ${labelers.length} labelers, ${MODELS.length} models (seeded by COPY in ${result.setup.seedSeconds} s, of which ${generateSeconds} s generating rows)`,
    );
    console.log(
      `load average (1/5/15 min) at the start ${load.start.join(' / ')}, at the end ${end.join(' / ')}; ${os.cpus().length} CPUs`,
    );
    console.log(
      `backfill (recompute every item from scratch): ${backfilled.toLocaleString('en')} items in ${result.backfill.seconds} s (${result.backfill.itemsPerSecond} items/s)`,
    );
    console.log('\nfirst views after the seed and backfill, and the background fold between them (once each):');
    for (const f of firstViews) {
      const base = f.baselineOf ? rows.find((r) => r.name === f.baselineOf)?.baseline : undefined;
      console.log(`${`${f.name}${f.state ? ` [${f.state}]` : ''}`.padEnd(84)} ${String(f.ms).padStart(10)} ms  ${base ?? ''}`);
    }
    console.log('');
    console.log(
      `${'function (server time)'.padEnd(58)} ${'median ms'.padStart(10)} ${'max ms'.padStart(9)}  baseline (median of ${baselineRuns}, raw SQL from scratch)`,
    );
    for (const r of rows)
      console.log(`${r.name.padEnd(58)} ${String(r.medianMs).padStart(10)} ${String(r.maxMs).padStart(9)}  ${r.baseline ?? ''}`);
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
