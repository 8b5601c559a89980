/**
 * The progress rollups (issue 23, lib/pool/fold-progress.ts) against a real PostgreSQL: after
 * any random sequence of claims, submits, skips, expiries, pauses (which release), deactivations,
 * profile, permission and routing changes (item and project), imports and deletions, with
 * dashboard views at random points in between (each folding only what changed since the last),
 * getProgressSummary equals the same figures computed from scratch by the queries it used to run
 * on every view (lib/dashboard/from-scratch.ts), and findStarvingItems equals its from-scratch list.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import {
  LABELS_PER_DAY_FROM_SCRATCH_SQL,
  PROGRESS_ITEMS_FROM_SCRATCH_SQL,
  SKIPS_FROM_SCRATCH_SQL,
  STARVING_ITEMS_FROM_SCRATCH_SQL,
} from '@/lib/dashboard/from-scratch';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getProgressSummary } from '@/lib/dashboard/get-progress-summary';
import { runStatsRefresh } from '@/lib/dashboard/run-stats-refresh';
import type { ProgressSummary } from '@/lib/dashboard/types';
import { setMemberPaused } from '@/lib/dashboard/set-member-paused';
import { getPgPool } from '@/lib/db';
import { findStarvingItems } from '@/lib/pool/find-starving-items';
import { setItemRequirements } from '@/lib/pool/set-item-requirements';
import { skipTask } from '@/lib/tasks/skip';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { submitAsShown } from '../helpers/submit-as-shown';

const LABELERS = 6;
const DAY_MS = 86_400_000;

type Op =
  | { op: 'claim' | 'submit' | 'skip' | 'expire' | 'lapse' | 'pause' | 'deactivate' | 'rankOff' | 'language'; l: number }
  | { op: 'import'; n: number }
  | { op: 'routeItem'; item: number; language: 'fr' | 'de' | null; expertise: boolean }
  | { op: 'routeProject'; language: 'fr' | null }
  | { op: 'deleteItem'; item: number }
  | { op: 'view' | 'labelers' | 'job' }
  | { op: 'boundedView'; limit: number }
  | { op: 'importAssignments'; l: number; item: number; skipped: boolean }
  | { op: 'deleteAssignment'; l: number };

const labeler = fc.integer({ min: 0, max: LABELERS - 1 });
const OP: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('claim' as const), l: labeler }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constant('submit' as const), l: labeler }), weight: 6 },
  { arbitrary: fc.record({ op: fc.constantFrom('skip' as const, 'expire' as const, 'lapse' as const), l: labeler }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constantFrom('pause' as const, 'deactivate' as const, 'rankOff' as const, 'language' as const),
      l: labeler,
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('import' as const), n: fc.integer({ min: 1, max: 3 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('routeItem' as const),
      item: fc.nat(40),
      language: fc.constantFrom('fr' as const, 'de' as const, null),
      expertise: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ op: fc.constant('routeProject' as const), language: fc.constantFrom('fr' as const, null) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('deleteItem' as const), item: fc.nat(40) }), weight: 1 },
  { arbitrary: fc.constant({ op: 'view' as const }), weight: 4 },
  // A view bounded to a few pending changes (it leaves more to the background fold), and that fold (the stats refresh job).
  { arbitrary: fc.record({ op: fc.constant('boundedView' as const), limit: fc.integer({ min: 1, max: 6 }) }), weight: 2 },
  { arbitrary: fc.constant({ op: 'job' as const }), weight: 1 },
  // Issue 23 (submit): the labelers table's skip rate, folded with progress; decided assignments written or deleted by plain SQL.
  { arbitrary: fc.constant({ op: 'labelers' as const }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('importAssignments' as const), l: labeler, item: fc.nat(40), skipped: fc.boolean() }),
    weight: 1,
  },
  { arbitrary: fc.record({ op: fc.constant('deleteAssignment' as const), l: labeler }), weight: 1 },
);

/** The figures as getProgressSummary reported them before issue 23: every assignment read on every call. */
async function fromScratch(projectId: string) {
  const pool = getPgPool();
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const since = new Date(today - 29 * DAY_MS).toISOString().slice(0, 10);
  const [items, days] = await Promise.all([
    pool.query(PROGRESS_ITEMS_FROM_SCRATCH_SQL, [projectId]),
    pool.query<{ day: string; labels: number }>(LABELS_PER_DAY_FROM_SCRATCH_SQL, [projectId, since]),
  ]);
  const r = items.rows[0];
  return {
    itemsTotal: r.total,
    itemsComplete: r.complete,
    itemsInProgress: r.inProgress,
    itemsUntouched: r.total - r.complete - r.inProgress,
    judgmentsNeeded: r.needed,
    judgmentsGivable: r.givable,
    itemsStarving: r.starving,
    labels: Object.fromEntries(days.rows.map((d) => [d.day, d.labels])),
  };
}

/** A summary's figures in fromScratch's shape. */
function figuresOf(summary: ProgressSummary) {
  const { labelsPerDay, throughputPerDay: _t, etaDays: _e, freshness: _f, ...figures } = summary;
  return { ...figures, labels: Object.fromEntries(labelsPerDay.filter((d) => d.labels !== 0).map((d) => [d.day, d.labels])) };
}

/** A view (folding what changed) equals the from-scratch figures; returns them (what the rollups now hold). */
async function expectEqualToScratch(projectId: string) {
  const [summary, scratch] = [await getProgressSummary({ projectId }), await fromScratch(projectId)];
  expect(summary.freshness.behind).toBe(false);
  expect(figuresOf(summary)).toEqual(scratch);
  const starving = await findStarvingItems({ projectId });
  const { rows } = await getPgPool().query<{ itemId: string; remaining: number; qualified: number }>(STARVING_ITEMS_FROM_SCRATCH_SQL, [
    projectId,
  ]);
  expect(starving.total).toBe(rows.length);
  expect(starving.items.map(({ itemId, remaining, qualified }) => ({ itemId, remaining, qualified }))).toEqual(rows.slice(0, 100));
  // The skip rate's counts, folded with progress by the views above.
  expect(await rolledUpDecisions(projectId)).toEqual(await scratchDecisions(projectId));
  return scratch;
}

/** labeler_decisions as folded (labelers whose counts went back to zero keep a row of zeros). */
async function rolledUpDecisions(projectId: string) {
  const { rows } = await getPgPool().query<{ userId: string; skipped: number; submitted: number }>(
    `SELECT "userId", skipped, submitted FROM labeler_decisions WHERE "projectId" = $1 AND (skipped <> 0 OR submitted <> 0) ORDER BY "userId"`,
    [projectId],
  );
  return rows;
}

async function scratchDecisions(projectId: string) {
  return (await getPgPool().query<{ userId: string; skipped: number; submitted: number }>(SKIPS_FROM_SCRATCH_SQL, [projectId])).rows;
}

/** The labelers table's skip rate per labeler equals the from-scratch count's. */
async function expectSkipRatesFromScratch(projectId: string, users: string[]) {
  const table = await findLabelerQuality({ projectId });
  const scratch = new Map((await scratchDecisions(projectId)).map((d) => [d.userId, d]));
  const rate = (u: string) => {
    const d = scratch.get(u);
    return d && d.skipped + d.submitted > 0 ? d.skipped / (d.skipped + d.submitted) : 0;
  };
  expect(Object.fromEntries(table.filter((r) => users.includes(r.userId)).map((r) => [r.userId, r.skipRate]))).toEqual(
    Object.fromEntries(users.filter((u) => table.some((r) => r.userId === u)).map((u) => [u, rate(u)])),
  );
}

/** How many bounded views found themselves past their limit (the property test must see some). */
let boundedBehind = 0;

async function play(ops: Op[], overlap: number) {
  const project = await buildProject({ name: 'Rollups', overlap, settings: { goldRate: 0 } });
  const [lead] = await insertUsers({ count: 1, role: 'LEAD' });
  const users = (await insertUsers({ count: LABELERS })).map((u) => u.id);
  await insertMemberships({ projectId: project.id, userIds: users });
  const pool = getPgPool();
  // Half the labelers speak French fluently, one of them has the law expertise.
  await pool.query(`INSERT INTO labeler_languages ("userId", language, proficiency) SELECT u, 'fr', 'FLUENT' FROM unnest($1::uuid[]) u`, [
    users.slice(0, 3),
  ]);
  await pool.query(`INSERT INTO labeler_profiles ("userId", expertise, "updatedAt") VALUES ($1, '{law}', now())`, [users[0]]);
  const items: string[] = [];
  const addItems = async (count: number) => {
    const before = items.length;
    const added = await insertItems({
      projectId: project.id,
      count,
      externalId: (n) => `x${before + n}`,
      prompt: 'q',
      responses: [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
    });
    items.push(...added.map((i) => i.id));
  };
  await addItems(3);
  const open = new Map<number, { assignmentId: string; shownOrder: string[] }>();
  const openOf = async (l: number) => {
    const { rows } = await pool.query<{ id: string; shownOrder: string[] }>(
      `SELECT id, "shownOrder" FROM assignments WHERE "userId" = $1 AND "projectId" = $2 AND status IN ('ACTIVE', 'EXPIRED') ORDER BY "createdAt" DESC LIMIT 1`,
      [users[l], project.id],
    );
    return rows[0];
  };
  // The first view builds the rollups from scratch; every later one folds what changed.
  let folded = await expectEqualToScratch(project.id); // the figures as of the last fold
  for (const o of ops) {
    switch (o.op) {
      case 'claim': {
        const task = await claimNextTask({ projectId: project.id, userId: users[o.l]! }).catch(() => null);
        if (task) open.set(o.l, task);
        break;
      }
      case 'submit':
      case 'skip': {
        const a = await openOf(o.l);
        if (!a) break;
        const input = {
          assignmentId: a.id,
          ranking: a.shownOrder.map((id) => [id]),
          allUnacceptable: false,
          ratings: [],
          promptFlags: [],
          durationMs: 900,
        };
        await (
          o.op === 'submit'
            ? submitRanking({ userId: users[o.l]!, projectId: project.id, input })
            : skipTask({ userId: users[o.l]!, projectId: project.id, input: { assignmentId: a.id, reason: 'ambiguous', note: '' } })
        ).catch(() => undefined);
        break;
      }
      case 'expire': // the lease runs out: the next claim of anyone in the project releases it
        await pool.query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 hour' WHERE "userId" = $1 AND status = 'ACTIVE'`, [
          users[o.l],
        ]);
        break;
      case 'lapse': // released by the claim's clean-up statement, as it does it
        await pool.query(`UPDATE assignments SET status = 'EXPIRED', slot = NULL WHERE "userId" = $1 AND status = 'ACTIVE'`, [users[o.l]]);
        break;
      case 'pause': {
        const { rows } = await pool.query<{ paused: boolean }>(`SELECT paused FROM memberships WHERE "projectId" = $1 AND "userId" = $2`, [
          project.id,
          users[o.l],
        ]);
        await setMemberPaused({ actorId: lead!.id, projectId: project.id, userId: users[o.l]!, paused: !rows[0]!.paused });
        break;
      }
      case 'deactivate':
        await pool.query(`UPDATE users SET active = NOT active WHERE id = $1`, [users[o.l]]);
        break;
      case 'rankOff':
        await pool.query(
          `UPDATE memberships SET "allowedKinds" = CASE WHEN cardinality("allowedKinds") = 0 THEN '{DEMONSTRATE}'::"TaskKind"[] ELSE '{}' END
           WHERE "projectId" = $1 AND "userId" = $2`,
          [project.id, users[o.l]],
        );
        break;
      case 'language': // learns or forgets German
        await pool
          .query(`DELETE FROM labeler_languages WHERE "userId" = $1 AND language = 'de'`, [users[o.l]])
          .then((r) =>
            r.rowCount === 0
              ? pool.query(`INSERT INTO labeler_languages ("userId", language, proficiency) VALUES ($1, 'de', 'NATIVE')`, [users[o.l]])
              : r,
          );
        break;
      case 'import':
        await addItems(o.n);
        break;
      case 'routeItem': {
        const itemId = items[o.item % items.length]!;
        await setItemRequirements({
          actorId: lead!.id,
          input: {
            projectId: project.id,
            itemId,
            requiredLanguage: o.language,
            requiredProficiency: o.language ? 'WORKING' : null,
            requiredExpertise: o.expertise ? 'law' : null,
          },
        }).catch(() => undefined); // a deleted item
        break;
      }
      case 'routeProject':
        await pool.query(
          `INSERT INTO project_pool_settings ("projectId", "requiredLanguage", "updatedAt") VALUES ($1, $2, now())
           ON CONFLICT ("projectId") DO UPDATE SET "requiredLanguage" = EXCLUDED."requiredLanguage"`,
          [project.id, o.language],
        );
        break;
      case 'deleteItem':
        await pool.query(`DELETE FROM items WHERE id = $1`, [items[o.item % items.length]]);
        break;
      case 'view':
        folded = await expectEqualToScratch(project.id);
        break;
      case 'labelers':
        await expectSkipRatesFromScratch(project.id, users);
        folded = await fromScratch(project.id);
        break;
      case 'boundedView': {
        // Past its limit it folds nothing and shows the last folded figures, saying they are being recomputed.
        const summary = await getProgressSummary({ projectId: project.id, inlineFoldLimit: o.limit });
        if (summary.freshness.behind) {
          boundedBehind++;
          expect(summary.freshness.asOf).toBeInstanceOf(Date);
          expect(figuresOf(summary)).toEqual(folded);
        } else {
          folded = await fromScratch(project.id);
          expect(figuresOf(summary)).toEqual(folded);
        }
        break;
      }
      case 'job':
        await runStatsRefresh({ projectId: project.id });
        folded = await fromScratch(project.id);
        expect((await getProgressSummary({ projectId: project.id, inlineFoldLimit: 1 })).freshness.behind).toBe(false);
        break;
      case 'importAssignments': {
        // Two decided assignments in one statement (the insert trigger's several rows), no slot; a clash writes nothing.
        const itemId = items[o.item % items.length]!;
        await pool
          .query(
            `INSERT INTO assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", "submittedAt")
             SELECT gen_random_uuid(), $1, $2, u, s::"AssignmentStatus", now(), '{}', CASE WHEN s = 'SUBMITTED' THEN now() END
             FROM unnest($3::uuid[], $4::text[]) AS x(u, s)`,
            [
              project.id,
              itemId,
              [users[o.l], users[(o.l + 1) % LABELERS]],
              o.skipped ? ['SKIPPED', 'SUBMITTED'] : ['SUBMITTED', 'SKIPPED'],
            ],
          )
          .catch(() => undefined);
        break;
      }
      case 'deleteAssignment':
        await pool.query(
          `DELETE FROM assignments WHERE id = (SELECT id FROM assignments WHERE "projectId" = $1 AND "userId" = $2
             AND status IN ('SKIPPED', 'SUBMITTED') ORDER BY "createdAt" DESC LIMIT 1)`,
          [project.id, users[o.l]],
        );
        break;
    }
  }
  await expectEqualToScratch(project.id);
  await expectSkipRatesFromScratch(project.id, users);
}

describe('progress rollups', () => {
  it('equal the from-scratch figures after any sequence of labeling, pool and routing changes, viewed at any points', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(OP, { minLength: 10, maxLength: 50 }), fc.integer({ min: 1, max: 3 }), (ops, overlap) =>
        play(ops, overlap),
      ),
      { numRuns: 15, endOnFailure: true },
    );
    expect(boundedBehind).toBeGreaterThan(0);
  }, 240_000);

  it('a view folds only the items changed since the last one', async () => {
    const project = await buildProject({ name: 'Fold', overlap: 2 });
    const users = (await insertUsers({ count: 2 })).map((u) => u.id);
    await insertMemberships({ projectId: project.id, userIds: users });
    await insertItems({ projectId: project.id, count: 30, prompt: 'q', responses: [{ text: 'a' }, { text: 'b' }] });
    const { foldProgress } = await import('@/lib/pool/fold-progress');
    const { withTransaction } = await import('@/lib/db');
    const fold = () => withTransaction((client) => foldProgress(client, project.id));
    expect(await fold()).toEqual({ items: -1, moved: 0, rebuilt: true });
    expect(await fold()).toEqual({ items: 0, moved: 0, rebuilt: false });
    const task = (await claimNextTask({ projectId: project.id, userId: users[0]! }))!;
    expect(await fold()).toEqual({ items: 1, moved: 0, rebuilt: false });
    await submitAsShown(users[0]!, task, { durationMs: 900 });
    // Pausing the labeler who submitted it moves their one item by a delta; nothing is recomputed.
    await fold();
    await getPgPool().query(`UPDATE memberships SET paused = true WHERE "projectId" = $1 AND "userId" = $2`, [project.id, users[0]]);
    expect(await fold()).toEqual({ items: 0, moved: 1, rebuilt: false });
    await expectEqualToScratch(project.id);
  });

  it('past its inline limit a view folds nothing: it shows the last folded figures as recomputing and queues the background fold, whose figures equal a from-scratch recomputation, even after a crash mid-fold', async () => {
    const project = await buildProject({ name: 'Backlog', overlap: 2, settings: { goldRate: 0 } });
    const users = (await insertUsers({ count: 3 })).map((u) => u.id);
    await insertMemberships({ projectId: project.id, userIds: users });
    await insertItems({ projectId: project.id, count: 8, prompt: 'q', responses: [{ text: 'a' }, { text: 'b' }] });
    const { foldProgress } = await import('@/lib/pool/fold-progress');
    const { withTransaction } = await import('@/lib/db');
    const { findJobState } = await import('@/lib/jobs/find-job-state');
    const { statsRefreshJob } = await import('@/lib/judgments/stats-refresh-job');
    const queued = async () => (await findJobState({ name: statsRefreshJob.name, singletonKey: project.id })).queued !== null;
    const bounded = (limit = 5) => getProgressSummary({ projectId: project.id, inlineFoldLimit: limit });
    const submit = async (userId: string) => {
      const task = (await claimNextTask({ projectId: project.id, userId }))!;
      await submitAsShown(userId, task, { durationMs: 900 });
    };
    const crash = new Error('crash');
    const crashMidFold = () =>
      expect(
        withTransaction(async (client) => {
          await foldProgress(client, project.id);
          throw crash; // the process dies after the fold's statements, before COMMIT
        }),
      ).rejects.toBe(crash);

    // Never folded, more items than the limit: nothing to show yet, "computing", and the job is queued.
    expect(await queued()).toBe(false);
    const never = await bounded();
    expect(never.freshness).toEqual({ asOf: null, behind: true });
    expect([never.itemsTotal, never.itemsComplete, never.judgmentsNeeded]).toEqual([0, 0, 0]);
    expect(await queued()).toBe(true);
    expect((await findStarvingItems({ projectId: project.id, inlineFoldLimit: 5 })).freshness).toEqual({ asOf: null, behind: true });
    // The background build dies before it commits: still never folded; the next run builds it whole.
    await crashMidFold();
    expect((await bounded()).freshness).toEqual({ asOf: null, behind: true });
    await runStatsRefresh({ projectId: project.id });
    const built = await bounded();
    expect(built.freshness.behind).toBe(false);
    expect(figuresOf(built)).toEqual(await fromScratch(project.id));

    // Below the limit a view folds inline; past it, the old figures, marked, until the job has run.
    await submit(users[0]!);
    const inline = await bounded();
    expect(inline.freshness.behind).toBe(false);
    expect(figuresOf(inline)).toEqual(await fromScratch(project.id));
    for (const u of users) await submit(u);
    await submit(users[1]!);
    const { rows } = await getPgPool().query<{ foldedAt: Date }>(`SELECT "foldedAt" FROM progress_states WHERE "projectId" = $1`, [
      project.id,
    ]);
    const behind = await bounded();
    expect(behind.freshness).toEqual({ asOf: rows[0]!.foldedAt, behind: true });
    expect(figuresOf(behind)).toEqual(figuresOf(inline));
    expect(figuresOf(behind)).not.toEqual(await fromScratch(project.id)); // it really is behind
    // A crash mid-fold leaves the log whole: the view is still behind with the same figures, and the job folds it all.
    await crashMidFold();
    expect(figuresOf(await bounded())).toEqual(figuresOf(inline));
    await runStatsRefresh({ projectId: project.id });
    const after = await bounded();
    expect(after.freshness.behind).toBe(false);
    expect(figuresOf(after)).toEqual(await fromScratch(project.id));
    await expectEqualToScratch(project.id);

    // A labeler with more assignments than the limit paused: moving them is left to the job too.
    await getPgPool().query(`UPDATE memberships SET paused = true WHERE "projectId" = $1 AND "userId" = $2`, [project.id, users[1]]);
    const paused = await bounded(2);
    expect(paused.freshness.behind).toBe(true);
    expect(figuresOf(paused)).toEqual(figuresOf(after));
    await runStatsRefresh({ projectId: project.id });
    await expectEqualToScratch(project.id);
  });

  it('a fold that fails after consuming the log loses no skip or submit: the next fold counts them once', async () => {
    const project = await buildProject({ name: 'Crash', overlap: 2, settings: { goldRate: 0 } });
    const users = (await insertUsers({ count: 2 })).map((u) => u.id);
    await insertMemberships({ projectId: project.id, userIds: users });
    await insertItems({ projectId: project.id, count: 6, prompt: 'q', responses: [{ text: 'a' }, { text: 'b' }] });
    const { foldProgress } = await import('@/lib/pool/fold-progress');
    const { withTransaction } = await import('@/lib/db');
    const decide = async (userId: string, skip: boolean) => {
      const task = (await claimNextTask({ projectId: project.id, userId }))!;
      const input = { assignmentId: task.assignmentId, ranking: task.shownOrder.map((id) => [id]), allUnacceptable: false, ratings: [] };
      if (skip)
        await skipTask({ userId, projectId: project.id, input: { assignmentId: task.assignmentId, reason: 'ambiguous', note: '' } });
      else await submitRanking({ userId, projectId: project.id, input: { ...input, promptFlags: [], durationMs: 900 } });
    };
    await decide(users[0]!, true);
    await withTransaction((client) => foldProgress(client, project.id));
    await decide(users[0]!, false);
    await decide(users[1]!, true);
    const pending = async () =>
      (await getPgPool().query<{ n: number }>(`SELECT count(*)::int AS n FROM progress_changes WHERE "projectId" = $1`, [project.id]))
        .rows[0]!.n;
    const before = await rolledUpDecisions(project.id);
    expect(before).toEqual([{ userId: users[0], skipped: 1, submitted: 0 }]);
    const logged = await pending();
    expect(logged).toBeGreaterThan(0);
    // The process dies after the fold's statements ran, before COMMIT: nothing of it stays, the log included.
    await expect(
      withTransaction(async (client) => {
        await foldProgress(client, project.id);
        expect((await client.query(`SELECT count(*)::int AS n FROM progress_changes WHERE "projectId" = $1`, [project.id])).rows[0].n).toBe(
          0,
        );
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await pending()).toBe(logged);
    expect(await rolledUpDecisions(project.id)).toEqual(before);
    await expectSkipRatesFromScratch(project.id, users);
    expect(await rolledUpDecisions(project.id)).toEqual(await scratchDecisions(project.id));
    expect(await pending()).toBe(0);
    const rates = new Map((await findLabelerQuality({ projectId: project.id })).map((r) => [r.userId, r.skipRate]));
    expect([rates.get(users[0]!), rates.get(users[1]!)]).toEqual([0.5, 1]);
  });

  it("the migration's backfill counts the decisions of projects whose progress was already folded", async () => {
    const project = await buildProject({ name: 'Backfill', overlap: 2, settings: { goldRate: 0 } });
    const users = (await insertUsers({ count: 2 })).map((u) => u.id);
    await insertMemberships({ projectId: project.id, userIds: users });
    await insertItems({ projectId: project.id, count: 4, prompt: 'q', responses: [{ text: 'a' }, { text: 'b' }] });
    for (const [l, skip] of [
      [0, true],
      [0, false],
      [1, false],
    ] as const) {
      const task = (await claimNextTask({ projectId: project.id, userId: users[l]! }))!;
      const input = { assignmentId: task.assignmentId, ranking: task.shownOrder.map((id) => [id]), allUnacceptable: false, ratings: [] };
      if (skip)
        await skipTask({
          userId: users[l]!,
          projectId: project.id,
          input: { assignmentId: task.assignmentId, reason: 'ambiguous', note: '' },
        });
      else await submitRanking({ userId: users[l]!, projectId: project.id, input: { ...input, promptFlags: [], durationMs: 900 } });
    }
    await getProgressSummary({ projectId: project.id });
    const expected = await scratchDecisions(project.id);
    expect(expected).toHaveLength(2);
    const dir = path.join(process.cwd(), 'prisma', 'migrations');
    const sql = await fs.readFile(
      path.join(
        dir,
        (await fs.readdir(dir)).find((d) => d.endsWith('_labeler_skip_rollup'))!,
        'migration.sql',
      ),
      'utf8',
    );
    const backfill = sql.slice(sql.lastIndexOf('LOCK TABLE'));
    const { withTransaction } = await import('@/lib/db');
    // The database as it was before the migration (no counts), then its last statements; rolled back afterwards.
    await expect(
      withTransaction(async (client) => {
        await client.query('DELETE FROM labeler_decisions');
        await client.query(backfill);
        const { rows } = await client.query(
          `SELECT "userId", skipped, submitted FROM labeler_decisions WHERE "projectId" = $1 ORDER BY "userId"`,
          [project.id],
        );
        expect(rows).toEqual(expected);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
  });

  it('an item held by its one qualified labeler starves: a live claim counts as having had it', async () => {
    const project = await buildProject({ name: 'Held', overlap: 2 });
    const [lead] = await insertUsers({ count: 1, role: 'LEAD' });
    const users = (await insertUsers({ count: 2 })).map((u) => u.id);
    await insertMemberships({ projectId: project.id, userIds: users });
    await getPgPool().query(`INSERT INTO labeler_profiles ("userId", expertise, "updatedAt") VALUES ($1, '{law}', now())`, [users[0]]);
    const [item] = await insertItems({ projectId: project.id, count: 1, prompt: 'q', responses: [{ text: 'a' }, { text: 'b' }] });
    expect((await findStarvingItems({ projectId: project.id })).total).toBe(0);
    const input = { projectId: project.id, itemId: item!.id, requiredLanguage: null, requiredProficiency: null, requiredExpertise: 'law' };
    await setItemRequirements({ actorId: lead!.id, input });
    expect((await findStarvingItems({ projectId: project.id })).items).toMatchObject([{ itemId: item!.id, remaining: 2, qualified: 1 }]);
    await claimNextTask({ projectId: project.id, userId: users[0]! });
    expect((await findStarvingItems({ projectId: project.id })).items).toMatchObject([{ itemId: item!.id, remaining: 1, qualified: 0 }]);
    expect((await getProgressSummary({ projectId: project.id })).itemsStarving).toBe(1);
    await expectEqualToScratch(project.id);
    // Deactivated behind the app's back (no release): they leave the class, and their live claim with them.
    await getPgPool().query(`UPDATE users SET active = false WHERE id = $1`, [users[0]]);
    expect((await findStarvingItems({ projectId: project.id })).items).toMatchObject([{ itemId: item!.id, remaining: 1, qualified: 0 }]);
    await expectEqualToScratch(project.id);
    await getPgPool().query(`UPDATE users SET active = true WHERE id = $1`, [users[0]]);
    await expectEqualToScratch(project.id);
  });
});
