/**
 * Excluded labels never count anywhere (issue 18): one definition (lib/judgments/counted-labels.ts)
 * read by every consumer of labels. Two labelers who rank a wrong answer first and score it 7 are
 * excluded; each consumer is checked before and after: perturb source selection, the item page
 * (mean Likert, label count) and the adjudication view, the precomputed statistics (agreement, leave-one-out and gold
 * accuracy), the abuse alarms' reference agreement, the pool breakdown and the export.
 */
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { findAbuseAlarms } from '@/lib/dashboard/find-abuse-alarms';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getItemJudgments } from '@/lib/dashboard/get-item-judgments';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { setMemberExcluded } from '@/lib/dashboard/set-member-excluded';
import { getDb, getPgPool } from '@/lib/db';
import { loadExportItems } from '@/lib/export/load-export-items';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { getItem } from '@/lib/items/get-item';
import { setItemGold } from '@/lib/items/set-item-gold';
import type { TRatingInput } from '@/lib/judgments/schemas';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { claimPerturbTask } from '@/lib/tasks/kinds/perturb';
import { findItemSources } from '@/lib/perturb/find-item-sources';
import { findGroupBreakdown } from '@/lib/dashboard/find-group-breakdown';
import { drainJobs } from '../helpers/drain-jobs';
import { sansIntervalTime } from '../helpers/sans-interval-time';

const ITEMS = 20;

/** Five labelers: two who will be excluded, two counted, one who only perturbs; ITEMS items of three responses a, b, c. */
async function setup() {
  const project = await buildProject({ name: 'Counted', overlap: 4, settings: { goldRate: 0 } });
  const users = await insertUsers({ count: 5, name: (n) => `Cora ${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const [lead] = await insertUsers({ count: 1, role: 'LEAD', name: () => 'Lee Lead' });
  const start = Date.now();
  const texts = ['The capital of Kenya is Mombasa.', 'Nairobi, I think.', 'The capital of Kenya is Nairobi.'];
  const items = await insertItems({
    projectId: project.id,
    count: ITEMS,
    externalId: (n) => `item-${n}`,
    prompt: (n) => `What is the capital of Kenya? ${n}`,
    createdAt: (n) => new Date(start + n),
    responses: texts.map((text, m) => ({ text, modelId: `model-${m + 1}`, externalId: 'abc'[m]! })),
  });
  const byItem = new Map(items.map((i) => [i.id, i.responses.map((r) => r.id)]));
  return { projectId: project.id, users: users.map((u) => u.id), leadId: lead!.id, items: items.map((i) => i.id), responses: byItem };
}

type Setup = Awaited<ReturnType<typeof setup>>;

/** The next task of the labeler, ranked as letters ("a|b|c": a best), with Likert scores for a, b, c. */
async function label(s: Setup, userId: string, order: string, likert: number[]) {
  const task = await claimNextTask({ projectId: s.projectId, userId });
  if (!task) throw new Error('no task');
  const ids = s.responses.get(task.itemId)!;
  const ranking = order.split('|').map((g) => [...g].map((x) => ids['abc'.indexOf(x)]!));
  const ratings: TRatingInput[] = ids.map((id, r) => ({ responseId: id, likert: likert[r] ?? null, flags: [], flaws: [] }));
  await submitRanking({
    userId,
    projectId: s.projectId,
    input: { assignmentId: task.assignmentId, ranking, allUnacceptable: false, ratings, promptFlags: [], durationMs: 20_000 },
  });
}

async function exportedLabelers(projectId: string): Promise<number> {
  const client = await getPgPool().connect();
  try {
    const labelers = new Set<string>();
    for await (const batch of loadExportItems({
      client,
      projectId,
      settings: toExportSettings(ZExportRequest.parse({ format: 'rankings' })),
    })) {
      for (const item of batch.items) for (const j of item.judgments) labelers.add(j.labeler);
    }
    return labelers.size;
  } finally {
    client.release();
  }
}

describe('counted labels', () => {
  it('leave out an excluded labeler from every consumer of labels, and come back when included', async () => {
    const s = await setup();
    const [wrong1, wrong2, right1, right2, perturber] = s.users as [string, string, string, string, string];
    for (let i = 0; i < ITEMS; i++) {
      // Two labelers who copy each other put the wrong answer (a) first and score it 7.
      await label(s, wrong1, 'a|c|b', [7, 1, 4]);
      await label(s, wrong2, 'a|c|b', [7, 1, 4]);
      await label(s, right1, 'c|b|a', [5, 6, 7]);
      await label(s, right2, 'c|b|a', [5, 6, 7]);
    }
    const [first] = s.items as [string];
    const [a, b, c] = s.responses.get(first)! as [string, string, string];
    // Gold says the right answer (c) is best.
    await setItemGold({ actorId: s.leadId, input: { projectId: s.projectId, itemId: first, ranking: [[c], [b], [a]] } });

    // Before: the wrong answer's mean Likert is (7 + 7 + 5 + 5) / 4 = 6, a source under the default rule.
    const meanOf = async () =>
      new Map((await findItemSources({ projectId: s.projectId, itemId: first })).map((x) => [x.responseId, x.meanLikert]));
    expect((await meanOf()).get(a)).toBe(6);
    expect(await getItem({ projectId: s.projectId, itemId: first })).toMatchObject({ labels: 4, excludedLabels: 0 });
    await drainJobs({ projectId: s.projectId }); // the gold edit's recompute runs in the background
    const agreementBefore = await getAgreementSummary({ projectId: s.projectId });
    expect(agreementBefore.pairwise.estimate).toBeLessThan(0.6);
    const qualityBefore = new Map((await findLabelerQuality({ projectId: s.projectId })).map((q) => [q.userId, q]));
    expect(qualityBefore.get(right1)!.looAgreement.rate).toBeLessThan(1);
    const alarmsBefore = (await findAbuseAlarms({ projectId: s.projectId })).alarms!;
    const pairs = (x: typeof alarmsBefore) => x.collusion.alarms.map((al) => [al.userA, al.userB].sort().join('|')).sort();
    // The two honest labelers agree far more with each other than with "everyone else" (the copiers).
    expect(pairs(alarmsBefore)).toContain([right1, right2].sort().join('|'));
    expect((await findGroupBreakdown({ projectId: s.projectId })).breakdown!.pooled.judgments).toBe(4 * ITEMS);
    expect(await exportedLabelers(s.projectId)).toBe(4);

    await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: wrong1, excluded: true });
    await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: wrong2, excluded: true });

    // Perturb source selection and the item page: only the counted scores (5, 6, 7).
    const after = await meanOf();
    expect([after.get(a), after.get(b), after.get(c)]).toEqual([5, 6, 7]);
    expect(await getItem({ projectId: s.projectId, itemId: first })).toMatchObject({ labels: 2, excludedLabels: 2 });
    // The adjudication view shows every judgment and marks the two that do not count.
    const view = (await getItemJudgments({ projectId: s.projectId, itemId: first }))!;
    expect(
      view.judgments
        .filter((j) => j.excluded)
        .map((j) => j.userId)
        .sort(),
    ).toEqual([wrong1, wrong2].sort());
    const sources = new Set<string>();
    for (let n = 0; n < ITEMS; n++) {
      const task = await claimPerturbTask({ projectId: s.projectId, userId: perturber });
      if (!task) break;
      const row = await getDb().assignment.findUniqueOrThrow({
        where: { id: task.assignmentId },
        select: { sourceResponseId: true, itemId: true },
      });
      sources.add(row.sourceResponseId!);
      // Hand the task back so the next claim takes another item.
      await getPgPool().query(`UPDATE assignments SET status = 'SUBMITTED', "submittedAt" = now() WHERE id = $1`, [task.assignmentId]);
    }
    expect(sources.size).toBeGreaterThan(0);
    const wrongAnswers = new Set([...s.responses.values()].map((ids) => ids[0]!));
    expect([...sources].filter((id) => wrongAnswers.has(id))).toEqual([]);

    // Precomputed statistics (once the exclusion's background recompute ran): agreement and leave-one-out over counted labelers only.
    await drainJobs();
    expect((await getAgreementSummary({ projectId: s.projectId })).pairwise.estimate).toBe(1);
    const quality = new Map((await findLabelerQuality({ projectId: s.projectId })).map((q) => [q.userId, q]));
    expect(quality.get(right1)!.looAgreement.rate).toBe(1);
    expect(quality.get(right1)!.goldAccuracy).toMatchObject({ hits: 3, compared: 3 });
    expect(quality.get(wrong1)).toMatchObject({ excluded: true });
    // Alarms: the excluded copiers are still tested (and shown as excluded) but set nobody's reference.
    const alarms = (await findAbuseAlarms({ projectId: s.projectId })).alarms!;
    expect(pairs(alarms)).not.toContain([right1, right2].sort().join('|'));
    expect(pairs(alarms)).toContain([wrong1, wrong2].sort().join('|'));
    expect(alarms.members[wrong1]?.excluded).toBe(true);
    // Pool breakdown and export.
    expect((await findGroupBreakdown({ projectId: s.projectId })).breakdown!.pooled.judgments).toBe(2 * ITEMS);
    expect(await exportedLabelers(s.projectId)).toBe(2);

    // Including them again restores every figure.
    await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: wrong1, excluded: false });
    await setMemberExcluded({ actorId: s.leadId, projectId: s.projectId, userId: wrong2, excluded: false });
    await drainJobs();
    expect((await meanOf()).get(a)).toBe(6);
    const agreementAgain = await getAgreementSummary({ projectId: s.projectId });
    expect(agreementAgain.intervals.behind).toBe(false);
    // The same figures; the intervals were recomputed by the background refresh meanwhile (a later asOf).
    expect(sansIntervalTime(agreementAgain)).toEqual(sansIntervalTime(agreementBefore));
    expect(pairs((await findAbuseAlarms({ projectId: s.projectId })).alarms!)).toEqual(pairs(alarmsBefore));
    expect(await exportedLabelers(s.projectId)).toBe(4);
  }, 120_000);
});
