/**
 * The lead dashboard's data layer against a real PostgreSQL: numbers precomputed at submit equal
 * the statistics computed from scratch; agreement edge cases; excluding a labeler (reversible,
 * audited); adjudication; pausing; freshness after writes that do not recompute (import, gold,
 * a flag changed behind the app's back); concurrent submits on one item.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { adjudicateItem } from '@/lib/dashboard/adjudicate-item';
import { findDisagreementQueue } from '@/lib/dashboard/find-disagreement-queue';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { getItemJudgments } from '@/lib/dashboard/get-item-judgments';
import { getModelScores } from '@/lib/dashboard/get-model-scores';
import { shareOf, sumMyQuality } from '@/lib/dashboard/sum-my-quality';
import { getProgressSummary } from '@/lib/dashboard/get-progress-summary';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { setMemberExcluded } from '@/lib/dashboard/set-member-excluded';
import { setMemberPaused } from '@/lib/dashboard/set-member-paused';
import { getDb, getPgPool } from '@/lib/db';
import { setItemGold } from '@/lib/items/set-item-gold';
import type { TRatingInput } from '@/lib/judgments/schemas';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { kendallW, krippendorffAlpha, pairwiseAgreement, ranksFromGroups } from '@/lib/stats';
import { claimMixedTask } from '@/lib/tasks/claim-next';
import { raceBehindLock } from '../helpers/race-behind-lock';
import { refusal } from '../helpers/refusal';
import { drainJobs } from '../helpers/drain-jobs';
import { sansIntervalTime } from '../helpers/sans-interval-time';

/** My work's figures without the delay (getMyQuality shows them a day late and in batches; tests/integration/security-probe.test.ts). */
async function exactMyQuality(options: { userId: string; projectId: string }) {
  await drainJobs({ projectId: options.projectId });
  const { loo, gold } = await sumMyQuality(options);
  return { looAgreement: shareOf(loo.agree, loo.compared), goldAccuracy: gold.compared > 0 ? shareOf(gold.agree, gold.compared) : null };
}

const MODELS = ['model-a', 'model-b', 'model-c', 'model-d'];

/** A project with `labelers` members and `items` items of `k` responses (one per model, texts of different lengths). */
async function setup(options: { items: number; k: number; labelers: number; overlap?: number }) {
  const project = await buildProject({ name: 'Dash', overlap: options.overlap ?? options.labelers, settings: { goldRate: 0 } });
  const users = await insertUsers({ count: options.labelers, name: (n) => `Dana ${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const [lead] = await insertUsers({ count: 1, role: 'LEAD', name: () => 'Lee Lead' });
  const start = Date.now();
  const items = await insertItems({
    projectId: project.id,
    count: options.items,
    externalId: (n) => `item-${n}`,
    prompt: (n) => `Question ${n}?`,
    createdAt: (n) => new Date(start + n),
    responses: MODELS.slice(0, options.k).map((modelId, m) => ({ text: 'x'.repeat(10 * (m + 1)), modelId, externalId: `r${m + 1}` })),
  });
  const byItem = new Map(items.map((i) => [i.id, i.responses.map((r) => r.id)]));
  return { projectId: project.id, labelers: users.map((u) => u.id), leadId: lead!.id, items: items.map((i) => i.id), responses: byItem };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** Claims the next task for the labeler and submits a ranking given as model letters ("ab|c" = a and b tied, then c), with Likert and flags. */
async function label(s: Setup, labeler: string, spec: { order: string; likert?: number[]; flags?: string[][] }) {
  const task = await claimNextTask({ projectId: s.projectId, userId: labeler });
  if (!task) throw new Error('no task');
  const ids = s.responses.get(task.itemId)!;
  const byLetter = (letter: string) => ids['abcd'.indexOf(letter)]!;
  const ranking = spec.order.split('|').map((group) => [...group].map(byLetter));
  const ratings: TRatingInput[] = ids.map((id, r) => ({
    responseId: id,
    likert: spec.likert?.[r] ?? null,
    flags: spec.flags?.[r] ?? [],
    flaws: [],
  }));
  await submitRanking({
    userId: labeler,
    projectId: s.projectId,
    input: { assignmentId: task.assignmentId, ranking, allUnacceptable: false, ratings, promptFlags: [], durationMs: 1000 },
  });
  return task;
}

async function itemStatsRows(projectId: string) {
  const { rows } = await getPgPool().query(`SELECT * FROM item_stats WHERE "projectId" = $1 ORDER BY "itemId"`, [projectId]);
  return rows.map(({ computedAt: _computedAt, ...rest }: Record<string, unknown>) => rest);
}

async function judgmentStatsRows(projectId: string) {
  const { rows } = await getPgPool().query(`SELECT * FROM judgment_stats WHERE "projectId" = $1 ORDER BY "judgmentId"`, [projectId]);
  return rows;
}

describe('dashboard: precomputed numbers', () => {
  it('equal the statistics computed from scratch over every judgment', async () => {
    const s = await setup({ items: 3, k: 3, labelers: 3 });
    const [u1, u2, u3] = s.labelers as [string, string, string];
    // Claims go item by item (in progress first), so each labeler's n-th claim is item n.
    const plan: [string, { order: string; likert: number[]; flags: string[][] }][] = [
      [u1, { order: 'a|b|c', likert: [7, 4, 1], flags: [[], ['hallucination'], ['hallucination', 'fails_instruction']] }],
      [u2, { order: 'a|c|b', likert: [6, 3, 2], flags: [[], [], ['hallucination']] }],
      [u3, { order: 'ab|c', likert: [6, 5, 1], flags: [[], ['hallucination'], ['fails_instruction']] }],
      [u1, { order: 'c|b|a', likert: [2, 3, 5], flags: [[], [], []] }],
      [u2, { order: 'b|c|a', likert: [1, 6, 4], flags: [['expresses_opinion'], [], []] }],
      [u3, { order: 'c|b|a', likert: [2, 4, 6], flags: [[], [], []] }],
      [u1, { order: 'a|b|c', likert: [5, 5, 5], flags: [[], [], []] }],
      [u2, { order: 'a|b|c', likert: [5, 4, 5], flags: [[], [], []] }],
    ];
    for (const [who, spec] of plan) await label(s, who, spec);

    const { rows: judgments } = await getPgPool().query<{
      itemId: string;
      userId: string;
      ranking: string[][];
      ratings: { responseId: string; likert: number; flags: string[] }[];
    }>(
      `SELECT j."itemId", j."userId", j.ranking, json_agg(json_build_object('responseId', r."responseId", 'likert', r.likert, 'flags', r.flags)) AS ratings
       FROM judgments j JOIN response_ratings r ON r."judgmentId" = j.id WHERE j."itemId" = ANY($1::uuid[]) GROUP BY j.id`,
      [s.items],
    );
    expect(judgments).toHaveLength(8);
    let agree = 0,
      compared = 0;
    const ws: number[] = [];
    for (const itemId of s.items) {
      const on = judgments.filter((j) => j.itemId === itemId);
      for (let a = 0; a < on.length; a++)
        for (let b = a + 1; b < on.length; b++) {
          const p = pairwiseAgreement(on[a]!.ranking, on[b]!.ranking);
          agree += p.agree;
          compared += p.compared;
        }
      const ids = s.responses.get(itemId)!;
      ws.push(kendallW(on.map((j) => ids.map((id) => ranksFromGroups(j.ranking)[id]!))));
    }
    // Reliability matrices: one coder per labeler, one unit per response.
    const units = s.items.flatMap((i) => s.responses.get(i)!);
    const value = (userId: string, responseId: string, f: (r: { likert: number; flags: string[] }) => number) => {
      const r = judgments
        .filter((j) => j.userId === userId)
        .flatMap((j) => j.ratings)
        .find((x) => x.responseId === responseId);
      return r ? f(r) : null;
    };
    const likertCoders = s.labelers.map((u) => units.map((r) => value(u, r, (x) => x.likert)));
    const flagCoders = (flag: string) => s.labelers.map((u) => units.map((r) => value(u, r, (x) => (x.flags.includes(flag) ? 1 : 0))));

    const summary = await getAgreementSummary({ projectId: s.projectId });
    expect(summary.items).toBe(3);
    expect(summary.pairwise.estimate).toBeCloseTo(agree / compared, 12);
    expect(summary.likertAlpha.estimate).toBeCloseTo(krippendorffAlpha(likertCoders, 'ordinal'), 12);
    const hallucination = summary.flagAlpha.find((f) => f.flag === 'hallucination')!;
    expect(hallucination.alpha.estimate).toBeCloseTo(krippendorffAlpha(flagCoders('hallucination'), 'nominal'), 12);
    expect(hallucination.items).toBe(1);
    expect(hallucination.label).not.toBe('hallucination');
    expect(summary.flagAlpha.find((f) => f.flag === 'fails_instruction')!.alpha.estimate).toBeCloseTo(
      krippendorffAlpha(flagCoders('fails_instruction'), 'nominal'),
      12,
    );
    expect(summary.flagAlpha.find((f) => f.flag === 'sexual_content')!.alpha.estimate).toBeNaN();
    expect(summary.kendallW.mean.estimate).toBeCloseTo(ws.reduce((x, y) => x + y, 0) / ws.length, 12);
    expect(summary.kendallW.histogram.reduce((n, b) => n + b.items, 0)).toBe(3);
    expect(summary.pairwise.low).toBeLessThanOrEqual(summary.pairwise.estimate);
    expect(summary.pairwise.high).toBeGreaterThanOrEqual(summary.pairwise.estimate);
    expect(summary.overTime.reduce((n, w) => n + w.compared, 0)).toBe(compared);
    expect(summary.bootstrap).toMatchObject({ resamples: 1000, grouped: false, units: 3 });
    // Same seed, same intervals on reload.
    expect(await getAgreementSummary({ projectId: s.projectId })).toEqual(summary);
    // And a recompute of everything changes nothing: submit left exact numbers behind.
    const before = [await itemStatsRows(s.projectId), await judgmentStatsRows(s.projectId)];
    expect(await refreshProjectStats({ projectId: s.projectId, all: true })).toBe(3);
    expect([await itemStatsRows(s.projectId), await judgmentStatsRows(s.projectId)]).toEqual(before);
  });

  it('edge cases: one labeler, all ties, K = 2', async () => {
    const one = await setup({ items: 2, k: 3, labelers: 1 });
    await label(one, one.labelers[0]!, { order: 'a|b|c' });
    const alone = await getAgreementSummary({ projectId: one.projectId });
    expect(alone.items).toBe(0);
    expect(alone.pairwise.estimate).toBeNaN();
    expect(alone.pairwise.low).toBeNaN();
    expect(alone.likertAlpha.estimate).toBeNaN();
    expect(alone.kendallW.mean.estimate).toBeNaN();
    expect((await findDisagreementQueue({ projectId: one.projectId })).total).toBe(0);
    expect((await findLabelerQuality({ projectId: one.projectId }))[0]!.looAgreement).toMatchObject({ hits: 0, compared: 0 });

    const ties = await setup({ items: 1, k: 3, labelers: 3 });
    await label(ties, ties.labelers[0]!, { order: 'abc' });
    await label(ties, ties.labelers[1]!, { order: 'abc' });
    let tied = await getAgreementSummary({ projectId: ties.projectId });
    expect(tied.items).toBe(1);
    expect(tied.pairwise.estimate).toBeNaN(); // nothing ordered strictly
    expect(tied.pairwiseTiesAsDisagreement.estimate).toBeNaN(); // both tied everywhere: left out
    expect(tied.kendallW.mean.estimate).toBeNaN();
    expect((await findDisagreementQueue({ projectId: ties.projectId })).rows[0]!.agreement).toBeNaN();
    await label(ties, ties.labelers[2]!, { order: 'a|b|c' });
    tied = await getAgreementSummary({ projectId: ties.projectId });
    expect(tied.pairwise.estimate).toBeNaN();
    expect(tied.pairwiseTiesAsDisagreement.estimate).toBe(0); // 2 labelers × 3 one-sided ties

    const two = await setup({ items: 2, k: 2, labelers: 2 });
    await label(two, two.labelers[0]!, { order: 'a|b' });
    await label(two, two.labelers[1]!, { order: 'a|b' });
    await label(two, two.labelers[0]!, { order: 'a|b' });
    await label(two, two.labelers[1]!, { order: 'b|a' });
    const pairs = await getAgreementSummary({ projectId: two.projectId });
    expect(pairs.pairwise.estimate).toBe(0.5);
    expect(pairs.kendallW.mean.estimate).toBeCloseTo(0.5, 12); // W = 1 and W = 0
    const queue = await findDisagreementQueue({ projectId: two.projectId });
    expect(queue.rows.map((r) => r.agreement)).toEqual([0, 1]);
    expect(queue.rows[0]!.preview).toMatch(/^Question \d\?$/);
  });
});

describe('dashboard: excluding a labeler', () => {
  it('changes the numbers, is reversible and audited', async () => {
    const s = await setup({ items: 4, k: 3, labelers: 3 });
    const [u1, u2, contrarian] = s.labelers as [string, string, string];
    for (let i = 0; i < 4; i++) {
      await label(s, u1, { order: 'a|b|c', likert: [7, 4, 1] });
      await label(s, u2, { order: 'a|b|c', likert: [6, 4, 2] });
      await label(s, contrarian, { order: 'c|b|a', likert: [1, 4, 7] });
    }
    const before = {
      agreement: await getAgreementSummary({ projectId: s.projectId }),
      models: await getModelScores({ projectId: s.projectId }),
      labelers: await findLabelerQuality({ projectId: s.projectId }),
    };
    expect(before.agreement.pairwise.estimate).toBeCloseTo(4 / 12, 12);

    const result = await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: contrarian, excluded: true });
    expect(result).toEqual({ excluded: true, items: 4 });
    await drainJobs(); // the exclusion's background recompute
    const after = await getAgreementSummary({ projectId: s.projectId });
    expect(after.pairwise.estimate).toBe(1);
    expect(after.likertAlpha.estimate).toBeGreaterThan(before.agreement.likertAlpha.estimate);
    const models = await getModelScores({ projectId: s.projectId });
    expect(models.leaderboard.map((m) => m.modelId)).toEqual(['model-a', 'model-b', 'model-c']);
    expect(models.leaderboard[0]!.games).toBe(2 * 2 * 4); // two counted labelers, two games each on four items
    const labelers = await findLabelerQuality({ projectId: s.projectId });
    const row = labelers.find((l) => l.userId === contrarian)!;
    expect(row.excluded).toBe(true);
    expect(row.looAgreement.rate).toBe(0); // still judged against the counted labelers
    expect(labelers.find((l) => l.userId === u1)!.looAgreement).toMatchObject({ hits: 12, compared: 12 });
    expect(await exactMyQuality({ userId: u1, projectId: s.projectId })).toMatchObject({
      looAgreement: { hits: 12, compared: 12 },
      goldAccuracy: null,
    });

    expect(await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: contrarian, excluded: false })).toEqual({
      excluded: false,
      items: 4,
    });
    await drainJobs();
    // The same figures again; their intervals were recomputed by the background refresh meanwhile (a later asOf).
    const again = {
      agreement: await getAgreementSummary({ projectId: s.projectId }),
      models: await getModelScores({ projectId: s.projectId }),
    };
    expect(again.agreement.intervals.behind).toBe(false);
    expect(sansIntervalTime(again.agreement)).toEqual(sansIntervalTime(before.agreement));
    expect(sansIntervalTime(again.models)).toEqual(sansIntervalTime(before.models));
    expect(await findLabelerQuality({ projectId: s.projectId })).toEqual(before.labelers);
    expect(await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: contrarian, excluded: false })).toEqual({
      excluded: false,
      items: 0,
    });

    const audit = await getDb().auditEvent.findMany({
      where: { projectId: s.projectId, action: { startsWith: 'project.member.' } },
      orderBy: { id: 'asc' },
      select: { action: true, actorId: true, targetId: true },
    });
    expect(audit).toEqual([
      { action: 'project.member.exclude', actorId: s.leadId, targetId: contrarian },
      { action: 'project.member.include', actorId: s.leadId, targetId: contrarian },
    ]);
    expect((await refusal(setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: s.leadId, excluded: true }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('a flag changed behind the app, or a cut-short recompute, is repaired before the next read', async () => {
    const s = await setup({ items: 2, k: 3, labelers: 2 });
    for (let i = 0; i < 2; i++) {
      await label(s, s.labelers[0]!, { order: 'a|b|c' });
      await label(s, s.labelers[1]!, { order: 'c|b|a' });
    }
    expect((await getAgreementSummary({ projectId: s.projectId })).items).toBe(2);
    await getPgPool().query(`UPDATE memberships SET excluded = true WHERE "projectId" = $1 AND "userId" = $2`, [
      s.projectId,
      s.labelers[1],
    ]);
    await drainJobs({ projectId: s.projectId }); // the read queues the recompute; it runs in the background
    expect((await getAgreementSummary({ projectId: s.projectId })).items).toBe(0);
  });
});

describe('dashboard: adjudication', () => {
  it('stores the verdict with an audit row; a reference ranking scores labelers, invalid leaves the item out', async () => {
    const s = await setup({ items: 2, k: 3, labelers: 2 });
    const [u1, u2] = s.labelers as [string, string];
    await label(s, u1, { order: 'a|b|c' });
    await label(s, u2, { order: 'c|b|a' });
    await label(s, u1, { order: 'a|b|c' });
    await label(s, u2, { order: 'a|c|b' });
    const [first, second] = s.items as [string, string];
    const queue = await findDisagreementQueue({ projectId: s.projectId });
    expect(queue.rows.map((r) => [r.itemId, r.agreement])).toEqual([
      [first, 0],
      [second, 2 / 3],
    ]);
    const [ra, rb, rc] = s.responses.get(first)!;

    await adjudicateItem({ actorId: s.leadId, projectId: s.projectId, itemId: first, ranking: [[rc!], [rb!], [ra!]], note: 'c is right' });
    const view = await getItemJudgments({ projectId: s.projectId, itemId: first });
    expect(view?.adjudication).toMatchObject({ ranking: [[rc], [rb], [ra]], invalid: false, note: 'c is right', by: 'Lee Lead' });
    expect(view?.judgments.map((j) => [j.pseudonym, j.userId, j.excluded])).toEqual([
      ['Labeler 1', u1, false],
      ['Labeler 2', u2, false],
    ]);
    expect(view?.responses.map((r) => r.modelId)).toEqual(['model-a', 'model-b', 'model-c']);
    expect(await exactMyQuality({ userId: u2, projectId: s.projectId })).toMatchObject({ goldAccuracy: { hits: 3, compared: 3, rate: 1 } });
    expect(await exactMyQuality({ userId: u1, projectId: s.projectId })).toMatchObject({ goldAccuracy: { hits: 0, compared: 3 } });
    expect((await findDisagreementQueue({ projectId: s.projectId })).rows.map((r) => r.itemId)).toEqual([second]);
    expect((await findDisagreementQueue({ projectId: s.projectId, filter: 'adjudicated' })).rows).toMatchObject([
      { itemId: first, adjudicated: true },
    ]);

    const before = await getAgreementSummary({ projectId: s.projectId });
    await adjudicateItem({ actorId: s.leadId, projectId: s.projectId, itemId: first, invalid: true, note: 'broken prompt' });
    const after = await getAgreementSummary({ projectId: s.projectId });
    expect(before.items).toBe(2);
    expect(after.items).toBe(1);
    expect(after.pairwise.estimate).toBeCloseTo(2 / 3, 12);
    expect((await getModelScores({ projectId: s.projectId })).leaderboard.reduce((n, m) => n + m.games, 0)).toBe(2 * 3 * 2); // one item left
    expect(await exactMyQuality({ userId: u2, projectId: s.projectId })).toMatchObject({ goldAccuracy: null });

    const audit = await getDb().auditEvent.findMany({
      where: { projectId: s.projectId, action: 'item.adjudicate' },
      orderBy: { id: 'asc' },
      select: { actorId: true, targetId: true, data: true },
    });
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      actorId: s.leadId,
      targetId: first,
      data: { invalid: true, note: 'broken prompt', previous: { invalid: false, note: 'c is right' } },
    });

    expect((await refusal(adjudicateItem({ actorId: s.leadId, projectId: s.projectId, itemId: second, ranking: [[ra!]] }))).code).toBe(
      'INVALID_INPUT',
    );
    expect((await refusal(adjudicateItem({ actorId: s.leadId, projectId: s.projectId, itemId: second }))).code).toBe('INVALID_INPUT');
    const other = await setup({ items: 1, k: 2, labelers: 1 });
    expect((await refusal(adjudicateItem({ actorId: s.leadId, projectId: other.projectId, itemId: second, invalid: true }))).code).toBe(
      'NOT_FOUND',
    );
    expect(await getItemJudgments({ projectId: other.projectId, itemId: second })).toBeNull();
  });
});

describe('dashboard: pausing a labeler', () => {
  it('releases their live assignment in the same transaction, and their next claim is refused', async () => {
    // A third item so that, let work again, they are handed a new task (a released item is not handed back to them).
    const s = await setup({ items: 3, k: 2, labelers: 2 });
    const [u1] = s.labelers as [string];
    await label(s, u1, { order: 'a|b' });
    const live = await claimNextTask({ projectId: s.projectId, userId: u1 });

    expect(await setMemberPaused({ actorId: s.leadId, projectId: s.projectId, userId: u1, paused: true })).toEqual({
      paused: true,
      released: 1,
    });
    const assignment = await getDb().assignment.findUniqueOrThrow({
      where: { id: live!.assignmentId },
      select: { status: true, slot: true },
    });
    expect(assignment).toEqual({ status: 'RELEASED', slot: null });
    expect((await getDb().itemSlots.findUniqueOrThrow({ where: { itemId: live!.itemId }, select: { taken: true } })).taken).toBe(0);
    // The claim the task page makes (tests/integration/paused-claims.test.ts covers the page and the API themselves).
    const refused = await refusal(claimMixedTask({ projectId: s.projectId, userId: u1 }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toBe('Your lead has paused your work in this project. Tasks you already submitted still count.');
    // Submitted work still counts.
    expect((await findLabelerQuality({ projectId: s.projectId })).find((l) => l.userId === u1)).toMatchObject({
      labels: 1,
      paused: true,
      excluded: false,
    });
    expect((await getProgressSummary({ projectId: s.projectId })).labelsPerDay.at(-1)?.labels).toBe(1);

    expect(await setMemberPaused({ actorId: s.leadId, projectId: s.projectId, userId: u1, paused: false })).toEqual({
      paused: false,
      released: 0,
    });
    expect(await claimMixedTask({ projectId: s.projectId, userId: u1 })).toMatchObject({ kind: 'RANK', resumed: false });
    const audit = await getDb().auditEvent.findMany({
      where: { projectId: s.projectId, action: { startsWith: 'project.member.' } },
      orderBy: { id: 'asc' },
      select: { action: true, data: true },
    });
    expect(audit).toEqual([
      { action: 'project.member.pause', data: { released: 1 } },
      { action: 'project.member.resume', data: { released: 0 } },
    ]);
  });
});

describe('dashboard: freshness', () => {
  it('imported judgments and gold edits are picked up by the next read', async () => {
    const s = await setup({ items: 1, k: 3, labelers: 1 });
    const [u1] = s.labelers as [string];
    const item = s.items[0]!;
    const [ra, rb, rc] = s.responses.get(item)!;
    await label(s, u1, { order: 'a|b|c' });
    expect((await getAgreementSummary({ projectId: s.projectId })).items).toBe(0);
    // An imported label, written as the importer does (plain SQL, no recompute).
    const {
      rows: [imported],
    } = await getPgPool().query<{ id: string }>(
      `INSERT INTO users (email, name, "importKey", active, "updatedAt") VALUES ($1, 'Imported', $1, false, now()) RETURNING id`,
      [`imp-${randomUUID()}`],
    );
    await getPgPool().query(`INSERT INTO memberships ("projectId", "userId") VALUES ($1, $2)`, [s.projectId, imported!.id]);
    await getPgPool().query(
      `INSERT INTO judgments ("itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", source, "importRef") VALUES ($1, $2, $3, '{}', 0, 0, 'IMPORTED', 'ref-1')`,
      [item, imported!.id, JSON.stringify([[ra], [rc], [rb]])],
    );
    expect((await getPgPool().query(`SELECT stale FROM item_stats WHERE "itemId" = $1`, [item])).rows[0]).toEqual({ stale: true });
    await drainJobs({ projectId: s.projectId }); // the read queues the recompute; it runs in the background
    const summary = await getAgreementSummary({ projectId: s.projectId });
    expect(summary.items).toBe(1);
    expect(summary.pairwise.estimate).toBeCloseTo(2 / 3, 12);
    expect((await findLabelerQuality({ projectId: s.projectId })).find((l) => l.userId === imported!.id)).toMatchObject({
      labels: 1,
      medianDurationMs: null,
    });

    expect(await exactMyQuality({ userId: u1, projectId: s.projectId })).toMatchObject({ goldAccuracy: null });
    await setItemGold({ actorId: s.leadId, input: { projectId: s.projectId, itemId: item, ranking: [[ra!], [rb!, rc!]] } });
    expect(await exactMyQuality({ userId: u1, projectId: s.projectId })).toMatchObject({ goldAccuracy: { hits: 2, compared: 2 } });
  });

  it('concurrent submits on one item leave the numbers a from-scratch recompute gives', async () => {
    const s = await setup({ items: 3, k: 4, labelers: 4, overlap: 4 });
    for (const item of s.items) {
      // Every labeler holds the item, then all submit while another connection holds the item row.
      const tasks: Awaited<ReturnType<typeof claimNextTask>>[] = [];
      for (const u of s.labelers) tasks.push(await claimNextTask({ projectId: s.projectId, userId: u }));
      expect(tasks.every((t) => t?.itemId === item)).toBe(true);
      const orders = ['a|b|c|d', 'b|a|c|d', 'a|b|d|c', 'd|c|b|a'];
      await raceBehindLock({ sql: `SELECT id FROM items WHERE id = $1 FOR UPDATE`, values: [item] }, 4, () =>
        tasks.map((task, n) => {
          const ids = s.responses.get(item)!;
          const ranking = orders[n]!.split('|').map((g) => [...g].map((l) => ids['abcd'.indexOf(l)]!));
          return submitRanking({
            userId: s.labelers[n]!,
            projectId: s.projectId,
            input: { assignmentId: task!.assignmentId, ranking, allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 10 },
          });
        }),
      );
    }
    const precomputed = [await itemStatsRows(s.projectId), await judgmentStatsRows(s.projectId)];
    expect(precomputed[0]).toHaveLength(3);
    expect(precomputed[0]!.every((r) => r.judgments === 4 && r.stale === false)).toBe(true);
    expect(precomputed[1]).toHaveLength(12);
    await refreshProjectStats({ projectId: s.projectId, all: true });
    expect([await itemStatsRows(s.projectId), await judgmentStatsRows(s.projectId)]).toEqual(precomputed);
  });
});

describe('dashboard: progress and models', () => {
  it('counts items by state, labels per day, and ranks models from planted preferences', async () => {
    const s = await setup({ items: 6, k: 3, labelers: 2, overlap: 2 });
    const [u1, u2] = s.labelers as [string, string];
    // model-a beats b beats c, mostly.
    for (let i = 0; i < 3; i++) {
      await label(s, u1, { order: i === 0 ? 'b|a|c' : 'a|b|c' });
      await label(s, u2, { order: 'a|b|c' });
    }
    await label(s, u1, { order: 'a|bc' });
    await claimNextTask({ projectId: s.projectId, userId: u2 });
    const progress = await getProgressSummary({ projectId: s.projectId });
    expect(progress).toMatchObject({ itemsTotal: 6, itemsComplete: 3, itemsInProgress: 1, itemsUntouched: 2, judgmentsNeeded: 5 });
    expect(progress.labelsPerDay).toHaveLength(30);
    expect(progress.labelsPerDay.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), labels: 7 });
    expect(progress.throughputPerDay).toBeCloseTo(1, 12);
    expect(progress.etaDays).toBeCloseTo(5, 12);

    const models = await getModelScores({ projectId: s.projectId });
    expect(models.leaderboard.map((m) => m.modelId)).toEqual(['model-a', 'model-b', 'model-c']);
    for (const m of models.leaderboard) {
      expect(m.rating.low).toBeLessThanOrEqual(m.rating.estimate);
      expect(m.rating.high).toBeGreaterThanOrEqual(m.rating.estimate);
    }
    const { rates, games } = models.winMatrix;
    expect(games[0]![1]).toBe(7);
    expect(rates[0]![1]).toBeCloseTo(6 / 7, 12); // a lost to b once in seven
    expect(rates[1]![2]).toBeCloseTo(6.5 / 7, 12); // b tied with c once
    expect(rates[0]![1]! + rates[1]![0]!).toBeCloseTo(1, 12);
    expect(rates[0]![0]).toBeNull();
  });
});
