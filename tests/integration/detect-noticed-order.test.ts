/**
 * "Would you have noticed it without the critiques?" must not suggest an answer (issue 18): the
 * order of its two answers is drawn per trial at submit, stored, and balanced per labeler. A
 * simulation of 400 trials (about 200 that ask) through the real claim and submit code, with
 * evaluators who always press the answer shown first: the stored orders are balanced per labeler,
 * the order returned to the screen is the one stored, and the analysis split by shown order shows
 * the order effect (every "yes first" answered yes, every "no first" answered no).
 */
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { claimDetectTask, getDetectTask, submitDetectTrial } from '@/lib/tasks/kinds/detect';
import { getCritiqueEval } from '@/lib/detect/get-critique-eval';
import { nextNoticedOrder } from '@/lib/detect/noticed-order';
import { recordWouldHaveNoticed } from '@/lib/detect/record-would-have-noticed';
import { seededRandom } from '@/lib/stats';
import { makeEvalWorld, PLANTED } from '../helpers/critique-eval-fixture';

describe('"would you have noticed" answer order', () => {
  it('picks the order seen less often, and a coin only on a tie', () => {
    expect(nextNoticedOrder({ yesFirst: 3, noFirst: 2 }, () => true)).toBe(false);
    expect(nextNoticedOrder({ yesFirst: 2, noFirst: 3 }, () => false)).toBe(true);
    expect(nextNoticedOrder({ yesFirst: 2, noFirst: 2 }, () => false)).toBe(false);
    expect(nextNoticedOrder({ yesFirst: 2, noFirst: 2 }, () => true)).toBe(true);
  });

  it('with a stratum, balances it first and breaks its ties by the overall counts, so neither ever differs by more than one', () => {
    // The stratum decides when it leans; on its tie, the overall counts; a coin only on a tie of both.
    expect(nextNoticedOrder({ yesFirst: 2, noFirst: 5 }, () => true, { yesFirst: 2, noFirst: 1 })).toBe(false);
    expect(nextNoticedOrder({ yesFirst: 5, noFirst: 2 }, () => true, { yesFirst: 1, noFirst: 1 })).toBe(false);
    expect(nextNoticedOrder({ yesFirst: 2, noFirst: 3 }, () => false, { yesFirst: 1, noFirst: 1 })).toBe(true);
    expect(nextNoticedOrder({ yesFirst: 3, noFirst: 3 }, () => false, { yesFirst: 1, noFirst: 1 })).toBe(false);
    // Any sequence of strata: every stratum and the whole stay within one.
    const random = seededRandom(22_2026);
    for (let run = 0; run < 200; run++) {
      const strata = [
        { yesFirst: 0, noFirst: 0 },
        { yesFirst: 0, noFirst: 0 },
      ];
      const all = { yesFirst: 0, noFirst: 0 };
      for (let trial = 0; trial < 60; trial++) {
        const stratum = strata[random() < 0.3 ? 0 : 1]!;
        const yesFirst = nextNoticedOrder(all, () => random() < 0.5, stratum);
        for (const c of [stratum, all]) c[yesFirst ? 'yesFirst' : 'noFirst'] += 1;
        expect(Math.abs(all.yesFirst - all.noFirst)).toBeLessThanOrEqual(1);
        for (const c of strata) expect(Math.abs(c.yesFirst - c.noFirst)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is drawn per trial, stored, balanced per labeler over 400 simulated trials, and the analysis splits by it', async () => {
    const world = await makeEvalWorld({ sources: 100, labelers: 8, trialsPerSource: 4 });
    const { projectId } = world;
    const random = seededRandom(18_2026);
    const returned = new Map<string, boolean | null>();
    const active = new Set(world.labelers);
    while (active.size > 0) {
      for (const userId of [...active]) {
        const task = await claimDetectTask({ projectId, userId, random });
        if (!task) {
          active.delete(userId);
          continue;
        }
        const view = (await getDetectTask({ projectId, userId, assignmentId: task.assignmentId }))!;
        // Every evaluator says "flawed" and highlights the planted span, so every assisted trial asks.
        const result = await submitDetectTrial({
          userId,
          projectId,
          input: {
            assignmentId: task.assignmentId,
            likert: 3,
            saysFlawed: true,
            span: PLANTED,
            description: 'Boiling point',
            severity: 3,
            critiqueMarks: view.critiques.map((c) => ({ critiqueId: c.id, helpful: true })),
            activeMs: 20_000,
          },
        });
        returned.set(task.assignmentId, result.noticedYesFirst);
        expect(result.noticedYesFirst === null).toBe(!result.askWouldHaveNoticed);
        // A resubmit (a retry of the same request) returns the stored order, not a new draw.
        if (result.askWouldHaveNoticed) {
          const again = await submitDetectTrial({
            userId,
            projectId,
            input: {
              assignmentId: task.assignmentId,
              likert: 3,
              saysFlawed: true,
              span: PLANTED,
              description: 'Boiling point',
              severity: 3,
              critiqueMarks: view.critiques.map((c) => ({ critiqueId: c.id, helpful: true })),
              activeMs: 20_000,
            },
          });
          expect(again.noticedYesFirst).toBe(result.noticedYesFirst);
          // This evaluator always presses the answer shown first.
          await recordWouldHaveNoticed({
            userId,
            projectId,
            input: { assignmentId: task.assignmentId, wouldHaveNoticed: result.noticedYesFirst! },
          });
        }
      }
    }

    const trials = await getDb().detectTrial.findMany({
      where: { projectId, submittedAt: { not: null } },
      select: { assignmentId: true, userId: true, arm: true, noticedYesFirst: true },
    });
    expect(trials.length).toBeGreaterThan(350);
    const asked = trials.filter((t) => t.arm === 'ASSISTED');
    expect(asked.length).toBeGreaterThanOrEqual(175);
    for (const t of trials) {
      // Stored exactly as returned to the screen; null exactly where nothing was asked.
      expect(t.noticedYesFirst).toBe(returned.get(t.assignmentId) ?? null);
      expect(t.noticedYesFirst === null).toBe(t.arm === 'UNASSISTED');
    }
    for (const userId of world.labelers) {
      const mine = asked.filter((t) => t.userId === userId);
      const yesFirst = mine.filter((t) => t.noticedYesFirst).length;
      const noFirst = mine.length - yesFirst;
      expect(mine.length).toBeGreaterThan(10);
      expect(Math.abs(yesFirst - noFirst), `labeler ${userId}: ${yesFirst} yes-first, ${noFirst} no-first`).toBeLessThanOrEqual(1);
    }

    const analysis = await getCritiqueEval({ projectId });
    const { yesFirst, noFirst } = analysis.wouldHaveNoticedByOrder;
    expect(yesFirst.n + noFirst.n).toBe(analysis.wouldHaveNoticed.n);
    expect(Math.abs(yesFirst.n - noFirst.n)).toBeLessThanOrEqual(world.labelers.length * 2);
    expect(yesFirst.x).toBe(yesFirst.n);
    expect(noFirst.x).toBe(0);
  }, 180_000);
});
