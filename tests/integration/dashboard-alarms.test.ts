/**
 * The labelers table's alarms on a generated project (issue 6): 12 honest simulated labelers
 * (≈ 80% of pairs agree with a hidden true order), one random clicker and one who always ranks
 * the first-shown response first. The alarm must fire for exactly those two.
 *
 * Sized so the two are far past the threshold (p ≈ 1e-8 and 1e-38 at seed 1). The tests are
 * calibrated, so each honest labeler still has the ≈ 1% false-alarm chance that p < 0.01 means;
 * the seed is fixed, so the outcome is deterministic. Judgments go in by SQL, like an import, and
 * the first dashboard read computes the stale items.
 */
import { describe, expect, it } from 'vitest';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { buildProject, insertItems, insertJudgments, insertMemberships, insertUsers } from '@/lib/builders';
import { simulateLabeling, type SimKind } from '../helpers/simulate-labelers';
import { drainJobs } from '../helpers/drain-jobs';

const KINDS: SimKind[] = [...Array.from({ length: 12 }, () => 'honest' as const), 'random', 'first-shown'];
const ITEMS = 420;

describe('dashboard alarms', () => {
  it('fire for the random clicker and the first-shown clicker, and for no honest labeler', { timeout: 120_000 }, async () => {
    const project = await buildProject({ name: 'Alarms' });
    const users = await insertUsers({ count: KINDS.length, name: (n) => `Sim ${n}` });
    await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
    const responses = Array.from({ length: 4 }, (_, r) => ({ text: 'y'.repeat(r + 1), modelId: `m${r}` }));
    const items = await insertItems({ projectId: project.id, count: ITEMS, externalId: (n) => `sim-${n}`, prompt: 'q', responses });

    const judgments = simulateLabeling({ seed: 1, items: ITEMS, k: 4, perItem: 3, labelers: KINDS });
    await insertJudgments({
      projectId: project.id,
      judgments: judgments.map((j) => {
        const item = items[j.item]!;
        const id = (r: number) => item.responses[r]!.id;
        return {
          itemId: item.id,
          userId: users[j.labeler]!.id,
          shownOrder: j.shownOrder.map(id),
          ranking: j.ranking.map((g) => g.map(id)),
        };
      }),
    });

    await drainJobs({ projectId: project.id }); // inserted judgments are counted by the background recompute
    const table = await findLabelerQuality({ projectId: project.id });
    const kindOf = new Map(users.map((u, l) => [u.id, KINDS[l]!]));
    const alarmed = table.filter((row) => row.alarms.length > 0).map((row) => kindOf.get(row.userId));
    expect(alarmed.sort()).toEqual(['first-shown', 'random']);
    const random = table.find((row) => kindOf.get(row.userId) === 'random')!;
    const first = table.find((row) => kindOf.get(row.userId) === 'first-shown')!;
    expect(random.alarms).toContain('low_agreement');
    expect(random.agreementP).toBeLessThan(1e-4);
    expect(first.alarms).toContain('position_bias');
    expect(first.positionBias.rate).toBe(1);
    expect(first.positionBias.p).toBeLessThan(1e-10);
    for (const row of table.filter((r) => kindOf.get(r.userId) === 'honest')) {
      expect(row.labels).toBeGreaterThan(60);
      expect(row.looAgreement.compared).toBeGreaterThan(200);
      expect(row.looAgreement.rate).toBeGreaterThan(0.7);
      expect(row.positionBias.rate).toBeGreaterThan(0.35);
      expect(row.positionBias.rate).toBeLessThan(0.65);
    }
    // The project's agreement sits where the simulation puts it (honest pairs ≈ 80% right, so two agree ≈ 68%+).
    const summary = await getAgreementSummary({ projectId: project.id });
    expect(summary.items).toBe(ITEMS);
    expect(summary.pairwise.estimate).toBeGreaterThan(0.6);
    expect(summary.pairwise.estimate).toBeLessThan(0.75);
  });
});
