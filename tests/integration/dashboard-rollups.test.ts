/**
 * The dashboard's incremental figures (issue 23) against a from-scratch computation, on a real
 * PostgreSQL: after random sequences of submits, skips, expiries, pauses, exclusions, adjudications,
 * gold edits and imported labels (with widget reads, i.e. folds, at random moments), the folded
 * rollups equal the sums of the stats rows exactly; every figure of the agreement, models and
 * labelers widgets (estimates and, after a refresh, intervals) equals one computed from scratch;
 * and the intervals' freshness (asOf, behind) is true.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { adjudicateItem } from '@/lib/dashboard/adjudicate-item';
import { readRollups } from '@/lib/dashboard/fold-rollups';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { agreementIntervals, agreementSummaryOf, getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { getModelScores, loadModelInputs, modelIntervals, modelScoresOf } from '@/lib/dashboard/get-model-scores';
import { findFoldBacklog } from '@/lib/dashboard/find-fold-backlog';
import { loadAgreementInputs } from '@/lib/dashboard/load-agreement-inputs';
import { runStatsRefresh } from '@/lib/dashboard/run-stats-refresh';
import { refreshDashboardIntervals } from '@/lib/dashboard/refresh-dashboard-intervals';
import { drainJobs } from '../helpers/drain-jobs';
import { setMemberExcluded } from '@/lib/dashboard/set-member-excluded';
import { setMemberPaused } from '@/lib/dashboard/set-member-paused';
import type { RollupKind, RollupRow } from '@/lib/dashboard/rollup-layout';
import { getPgPool, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { setItemGold } from '@/lib/items/set-item-gold';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { skipTask } from '@/lib/tasks/skip';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

const MODELS = ['m-a', 'm-b', 'm-c'];
const LABELERS = 4;
const ITEMS = 5;
const FLAGS = ['hallucination', 'fails_instruction'];

async function setup() {
  const project = await buildProject({ name: 'Rollups', overlap: 3, settings: { goldRate: 0 } });
  const users = await insertUsers({ count: LABELERS, name: (n) => `Rolly ${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const [lead] = await insertUsers({ count: 1, role: 'LEAD', name: () => 'Rolly Lead' });
  const items = await insertItems({
    projectId: project.id,
    count: ITEMS,
    responses: MODELS.map((modelId, m) => ({ text: 'y'.repeat(5 * (m + 1)), modelId })),
  });
  return {
    projectId: project.id,
    labelers: users.map((u) => u.id),
    leadId: lead!.id,
    items: items.map((i) => ({ id: i.id, responses: i.responses.map((r) => r.id) })),
  };
}
type Setup = Awaited<ReturnType<typeof setup>>;

/** A weak order of the three responses: a permutation, then where the tie bars go. */
const arbOrder = fc.record({
  perm: fc.constantFrom<number[]>([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]),
  cuts: fc.constantFrom(0, 1, 2, 3),
});
const toRanking = (ids: string[], o: { perm: number[]; cuts: number }) => {
  const ordered = o.perm.map((i) => ids[i]!);
  // cuts: 0 all tied; 1 first alone; 2 last alone; 3 strict.
  if (o.cuts === 0) return [ordered];
  if (o.cuts === 1) return [[ordered[0]!], ordered.slice(1)];
  if (o.cuts === 2) return [ordered.slice(0, 2), [ordered[2]!]];
  return ordered.map((id) => [id]);
};

const arbStep = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      who: fc.nat(LABELERS - 1),
      order: arbOrder,
      likert: fc.array(fc.option(fc.integer({ min: 1, max: 7 })), { minLength: 3, maxLength: 3 }),
      flag: fc.nat(7),
      ms: fc.integer({ min: 0, max: 400_000 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('skip' as const), who: fc.nat(LABELERS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), who: fc.nat(LABELERS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), who: fc.nat(LABELERS - 1), on: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('exclude' as const), who: fc.nat(LABELERS - 1), on: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('adjudicate' as const), item: fc.nat(ITEMS - 1), invalid: fc.boolean(), order: arbOrder }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('gold' as const), item: fc.nat(ITEMS - 1), order: arbOrder }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('import' as const), item: fc.nat(ITEMS - 1), order: arbOrder }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('read' as const) }) },
);
type Step = typeof arbStep extends fc.Arbitrary<infer T> ? T : never;

/** The labeler's next task; none while their lead has paused them. */
async function claim(s: Setup, userId: string) {
  try {
    return await claimNextTask({ projectId: s.projectId, userId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'FORBIDDEN') return null;
    throw error;
  }
}

async function run(s: Setup, step: Step) {
  const responsesOf = (itemId: string) => s.items.find((i) => i.id === itemId)!.responses;
  switch (step.kind) {
    case 'submit': {
      const userId = s.labelers[step.who]!;
      const task = await claim(s, userId);
      if (!task) return;
      const ids = responsesOf(task.itemId);
      await submitRanking({
        userId,
        projectId: s.projectId,
        input: {
          assignmentId: task.assignmentId,
          ranking: toRanking(ids, step.order),
          allUnacceptable: false,
          ratings: ids.map((responseId, r) => ({
            responseId,
            likert: step.likert[r] ?? null,
            flags: FLAGS.filter((_, f) => (step.flag >> (r + f)) & 1),
            flaws: [],
          })),
          promptFlags: [],
          durationMs: step.ms,
        },
      });
      return;
    }
    case 'skip': {
      const userId = s.labelers[step.who]!;
      const task = await claim(s, userId);
      if (task) await skipTask({ userId, projectId: s.projectId, input: { assignmentId: task.assignmentId, reason: 'other', note: '' } });
      return;
    }
    case 'expire': {
      const userId = s.labelers[step.who]!;
      const task = await claim(s, userId);
      if (task)
        await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 hour' WHERE id = $1`, [task.assignmentId]);
      return;
    }
    case 'pause':
      await setMemberPaused({ actorId: s.leadId, projectId: s.projectId, userId: s.labelers[step.who]!, paused: step.on });
      return;
    case 'exclude':
      await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: s.labelers[step.who]!, excluded: step.on });
      return;
    case 'adjudicate': {
      const item = s.items[step.item]!;
      await adjudicateItem(
        step.invalid
          ? { actorId: s.leadId, projectId: s.projectId, itemId: item.id, invalid: true }
          : { actorId: s.leadId, projectId: s.projectId, itemId: item.id, ranking: toRanking(item.responses, step.order) },
      );
      return;
    }
    case 'gold': {
      const item = s.items[step.item]!;
      await setItemGold({
        actorId: s.leadId,
        input: { projectId: s.projectId, itemId: item.id, ranking: toRanking(item.responses, step.order) },
      });
      return;
    }
    case 'import': {
      // An imported label as the importer writes it: plain SQL, no recompute (the item is marked stale).
      const item = s.items[step.item]!;
      const pool = getPgPool();
      const key = `imp-${randomUUID()}`;
      const { rows } = await pool.query<{ id: string }>(
        `INSERT INTO users (email, name, "importKey", active, "updatedAt") VALUES ($1, 'Imported', $1, false, now()) RETURNING id`,
        [key],
      );
      await pool.query(`INSERT INTO memberships ("projectId", "userId") VALUES ($1, $2)`, [s.projectId, rows[0]!.id]);
      await pool.query(
        `INSERT INTO judgments ("itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", source, "importRef") VALUES ($1, $2, $3, '{}', 0, 0, 'IMPORTED', $4)`,
        [item.id, rows[0]!.id, JSON.stringify(toRanking(item.responses, step.order)), key],
      );
      return;
    }
    case 'read':
      await getAgreementSummary({ projectId: s.projectId });
  }
}

const MIGRATIONS = path.resolve(import.meta.dirname, '../../prisma/migrations');
const KINDS: RollupKind[] = ['unit', 'flag', 'game', 'wbin', 'user', 'week', 'dur'];

/** The labelers table's sums the old way: every judgment_stats row of the project, summed in SQL (with the exact median). */
async function labelersFromScratch(projectId: string) {
  const { rows } = await getPgPool().query(
    `SELECT js."userId", count(*)::int AS labels,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY js."durationMs") FILTER (WHERE js.source = 'LABELED') AS "medianMs",
            sum("looAgree")::int AS "looAgree", sum("looCompared")::int AS "looCompared", sum("goldAgree")::int AS "goldAgree", sum("goldCompared")::int AS "goldCompared",
            sum("firstWins")::int AS "firstWins", sum("firstLosses")::int AS "firstLosses", sum("longerWins")::int AS "longerWins", sum("longerCompared")::int AS "longerCompared",
            count(*) FILTER (WHERE js.source = 'LABELED' AND i."isGold")::int AS gold, count(*) FILTER (WHERE js.source = 'LABELED')::int AS labeled
     FROM judgment_stats js JOIN items i ON i.id = js."itemId" WHERE js."projectId" = $1 GROUP BY js."userId"`,
    [projectId],
  );
  return new Map(rows.map((r) => [r.userId as string, r]));
}

describe('dashboard rollups', () => {
  it('equal a from-scratch computation after any sequence of labeling and lead actions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbStep, { minLength: 10, maxLength: 22 }), async (steps) => {
        const s = await setup();
        for (const step of steps) await run(s, step);
        const { projectId } = s;
        await drainJobs({ projectId }); // the background recompute a dashboard view queues (it ends by refreshing the intervals)
        await refreshDashboardIntervals({ projectId });

        // The folded rollups are exactly the sums of the stats rows.
        // (A key whose sums returned to zero keeps its row, and a vector its trailing zeros: both read as zeros.)
        const trimmed = (rows: RollupRow[]) =>
          rows
            .map((r) => {
              const v = [...r.v];
              while (v.length > 0 && v.at(-1) === 0) v.pop();
              return { ...r, v };
            })
            .filter((r) => r.v.length > 0);
        const folded = trimmed(await readRollups({ projectId, kinds: KINDS }));
        expect(folded.length).toBeGreaterThan(0);
        expect(folded).toEqual(trimmed(await readRollups({ projectId, kinds: KINDS, scratch: true })));

        // Every figure, read through the widgets, equals one computed from scratch: both resampling layouts.
        const labels = (await getTaxonomy({ projectId, version: 1 })).responseFlags.map((f) => ({ key: f.key, label: f.label }));
        const agreement = await getAgreementSummary({ projectId });
        expect(agreement.intervals.behind).toBe(false);
        const scratchAgreement = await loadAgreementInputs({ projectId, scratch: true });
        expect(agreement).toEqual(agreementSummaryOf(scratchAgreement, labels, agreementIntervals(scratchAgreement), agreement.intervals));
        for (const grouped of [true, false]) {
          const folded = await loadAgreementInputs({ projectId, grouped });
          const scratch = await loadAgreementInputs({ projectId, grouped, scratch: true });
          expect(folded).toEqual(scratch);
          expect(agreementIntervals(folded)).toEqual(agreementIntervals(scratch));
          const models = await loadModelInputs({ projectId, grouped });
          expect(models).toEqual(await loadModelInputs({ projectId, grouped, scratch: true }));
        }
        const models = await getModelScores({ projectId });
        expect(models.intervals.behind).toBe(false);
        const scratchModels = await loadModelInputs({ projectId, scratch: true });
        expect(models).toEqual(modelScoresOf(scratchModels, modelIntervals(scratchModels), models.intervals));

        const table = await findLabelerQuality({ projectId });
        const old = await labelersFromScratch(projectId);
        for (const row of table) {
          const o = old.get(row.userId);
          expect([row.userId, row.labels, row.medianDurationMs]).toEqual([row.userId, o?.labels ?? 0, o?.medianMs ?? null]);
          expect(row.looAgreement).toMatchObject({ hits: o?.looAgree ?? 0, compared: o?.looCompared ?? 0 });
          expect(row.goldShare).toMatchObject({ hits: o?.gold ?? 0, compared: o?.labeled ?? 0 });
          expect(row.positionBias).toMatchObject({ hits: o?.firstWins ?? 0, compared: (o?.firstWins ?? 0) + (o?.firstLosses ?? 0) });
          expect(row.lengthBias).toMatchObject({ hits: o?.longerWins ?? 0, compared: o?.longerCompared ?? 0 });
          expect(row.goldAccuracy === null ? null : [row.goldAccuracy.hits, row.goldAccuracy.compared]).toEqual(
            (o?.goldCompared ?? 0) > 0 ? [o!.goldAgree, o!.goldCompared] : null,
          );
        }
      }),
      { numRuns: 15, seed: 23_001, endOnFailure: true },
    );
  }, 240_000);

  it('say truly how fresh the intervals are: computed once, behind after a submit that changes the figures, current after a refresh', async () => {
    const s = await setup();
    const submit = (who: number, perm: number[]) =>
      run(s, { kind: 'submit', who, order: { perm, cuts: 3 }, likert: [7, 4, 1], flag: 1, ms: 30_000 });
    for (const who of [0, 1, 2]) await submit(who, [0, 1, 2]);
    for (const who of [0, 1]) await submit(who, who === 0 ? [0, 1, 2] : [2, 1, 0]);
    const { projectId } = s;

    // No cache yet: computed once, on this read.
    const before = Date.now();
    const first = await getAgreementSummary({ projectId });
    expect(first.intervals.behind).toBe(false);
    // asOf is the moment they were computed (the database's clock, in milliseconds, on this machine).
    expect(first.intervals.asOf.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(first.intervals.asOf.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const firstModels = await getModelScores({ projectId });
    expect(firstModels.intervals.behind).toBe(false);
    expect(await getAgreementSummary({ projectId })).toEqual(first);
    expect(await refreshDashboardIntervals({ projectId })).toEqual([]);

    // A submit that changes the figures: estimates move at once, the intervals are the old ones, marked behind.
    await submit(2, [2, 0, 1]);
    const behind = await getAgreementSummary({ projectId });
    expect(behind.pairwise.estimate).not.toBe(first.pairwise.estimate);
    expect(behind.intervals).toEqual({ asOf: first.intervals.asOf, behind: true });
    expect([behind.pairwise.low, behind.pairwise.high]).toEqual([first.pairwise.low, first.pairwise.high]);
    const modelsBehind = await getModelScores({ projectId });
    expect(modelsBehind.intervals).toEqual({ asOf: firstModels.intervals.asOf, behind: true });

    // The refresh recomputes both, and reads are current again, with a later asOf.
    expect(await refreshDashboardIntervals({ projectId })).toEqual(['agreement', 'models']);
    const current = await getAgreementSummary({ projectId });
    expect(current.intervals.behind).toBe(false);
    expect(current.intervals.asOf.getTime()).toBeGreaterThanOrEqual(first.intervals.asOf.getTime());
    const inputs = await loadAgreementInputs({ projectId, scratch: true });
    const labels = (await getTaxonomy({ projectId, version: 1 })).responseFlags.map((f) => ({ key: f.key, label: f.label }));
    expect(current).toEqual(agreementSummaryOf(inputs, labels, agreementIntervals(inputs), current.intervals));
    expect((await getModelScores({ projectId })).intervals.behind).toBe(false);
    expect(await refreshDashboardIntervals({ projectId })).toEqual([]);
  });

  it('past its inline limit a view folds no deltas: the figures of the last fold, marked behind, until the background fold; then equal to the stats summed from scratch', async () => {
    const s = await setup();
    const submit = (who: number, perm: number[]) =>
      run(s, { kind: 'submit', who, order: { perm, cuts: 3 }, likert: [7, 4, 1], flag: 1, ms: 30_000 });
    for (const who of [0, 1, 2]) await submit(who, [0, 1, 2]);
    const { projectId } = s;
    const first = await getAgreementSummary({ projectId, inlineFoldLimit: 1_000 });
    const firstModels = await getModelScores({ projectId, inlineFoldLimit: 1_000 });
    expect(first.intervals.estimatesBehind).toBeUndefined();
    const kinds: RollupKind[] = ['unit', 'flag', 'wbin', 'week', 'game', 'user'];
    const folded = await readRollups({ projectId, kinds });
    for (const who of [0, 1]) await submit(who, who === 0 ? [0, 1, 2] : [2, 1, 0]);
    await submit(2, [2, 0, 1]);
    const { rows } = await getPgPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dashboard_rollup_deltas WHERE "projectId" = $1`,
      [projectId],
    );
    const pending = rows[0]!.n;
    expect(pending).toBeGreaterThan(1);
    expect(await findFoldBacklog({ projectId, rollupLimit: pending })).toBe(true);
    expect(await findFoldBacklog({ projectId, rollupLimit: pending + 1 })).toBe(false);

    // Past the limit: nothing folded, the last fold's figures, saying so, and the background fold queued.
    const behind = await getAgreementSummary({ projectId, inlineFoldLimit: pending });
    expect(behind.intervals).toEqual({ asOf: first.intervals.asOf, behind: true, estimatesBehind: true });
    // (The counts come from the rollups; under 1,024 items the resampled vectors are the items' own rows.)
    expect([behind.items, behind.overTime, behind.kendallW.histogram]).toEqual([first.items, first.overTime, first.kendallW.histogram]);
    const modelsBehind = await getModelScores({ projectId, inlineFoldLimit: pending });
    expect(modelsBehind.intervals).toMatchObject({ asOf: firstModels.intervals.asOf, behind: true, estimatesBehind: true });
    expect(await readRollups({ projectId, kinds })).toEqual(folded);
    const { findJobState } = await import('@/lib/jobs/find-job-state');
    const { statsRefreshJob } = await import('@/lib/judgments/stats-refresh-job');
    expect((await findJobState({ name: statsRefreshJob.name, singletonKey: projectId })).queued).not.toBeNull();

    // The background fold (the stats refresh job): current again, equal to the stats summed from scratch.
    await runStatsRefresh({ projectId });
    expect(await findFoldBacklog({ projectId, rollupLimit: 1 })).toBe(false);
    const current = await getAgreementSummary({ projectId, inlineFoldLimit: 1 });
    expect(current.intervals.behind).toBe(false);
    expect(current.intervals.estimatesBehind).toBeUndefined();
    const inputs = await loadAgreementInputs({ projectId, scratch: true });
    const labels = (await getTaxonomy({ projectId, version: 1 })).responseFlags.map((f) => ({ key: f.key, label: f.label }));
    expect(current).toEqual(agreementSummaryOf(inputs, labels, agreementIntervals(inputs), current.intervals));
    expect(current.items).toBeGreaterThan(first.items);
    const nonZero = (rows: RollupRow[]) => rows.filter((r) => r.v.some((x) => x !== 0)); // a row that went back to zero stays
    expect(nonZero(await readRollups({ projectId, kinds }))).toEqual(nonZero(await readRollups({ projectId, kinds, scratch: true })));
    const models = await loadModelInputs({ projectId, scratch: true });
    const scores = await getModelScores({ projectId, inlineFoldLimit: 1 });
    expect(scores).toEqual(
      modelScoresOf(models, Object.fromEntries(scores.leaderboard.map((m) => [m.modelId, m.rating])), scores.intervals),
    );
    expect(scores.intervals.behind).toBe(false);
  });

  it("the migration's backfill builds the rollups a database already full of stats needs", async () => {
    const s = await setup();
    for (const [who, perm] of [
      [0, [0, 1, 2]],
      [1, [2, 1, 0]],
      [2, [0, 2, 1]],
      [0, [1, 0, 2]],
      [1, [1, 0, 2]],
    ] as const) {
      await run(s, { kind: 'submit', who, order: { perm: [...perm], cuts: 3 }, likert: [3, 5, null], flag: 5, ms: 12_345 });
    }
    await run(s, { kind: 'gold', item: 0, order: { perm: [0, 1, 2], cuts: 3 } });
    await drainJobs({ projectId: s.projectId });
    const before = await readRollups({ projectId: s.projectId, kinds: KINDS, scratch: true });
    // The database as it was before the migration: stats rows, no rollups. Then the migration's last statement.
    const sql = await fs.readFile(
      path.join(
        MIGRATIONS,
        (await fs.readdir(MIGRATIONS)).find((d) => d.endsWith('_dashboard_rollups'))!,
        'migration.sql',
      ),
      'utf8',
    );
    const backfill = sql.slice(sql.lastIndexOf('SET LOCAL extra_float_digits'));
    await withTransaction(async (client) => {
      await client.query('DELETE FROM dashboard_rollups');
      await client.query('DELETE FROM dashboard_rollup_deltas');
      await client.query(backfill);
    });
    const rebuilt = await readRollups({ projectId: s.projectId, kinds: KINDS });
    expect(rebuilt.length).toBeGreaterThan(0);
    expect(rebuilt).toEqual(before);
  });
});
