/**
 * The critique experiment end to end through the real claim, submit and analysis code and a real
 * PostgreSQL: 200 accepted planted flaws with critiques, 8 simulated evaluators (fixed seed) who
 * find the planted flaw with probability 0.30 unassisted and 0.45 assisted and raise a false
 * alarm on 10% of originals. The analysis must recover each rate inside its 95% interval and
 * report a positive gain (true gain 0.45 / 0.30 − 1 = 0.5).
 */
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db';
import { claimDetectTask, getDetectTask, submitDetectTrial } from '@/lib/tasks/kinds/detect';
import { getCritiqueEval } from '@/lib/detect/get-critique-eval';
import { recordWouldHaveNoticed } from '@/lib/detect/record-would-have-noticed';
import { seededRandom } from '@/lib/stats';
import { makeEvalWorld, PLANTED } from '../helpers/critique-eval-fixture';

const P_FIND = { UNASSISTED: 0.3, ASSISTED: 0.45 } as const;
const P_FALSE_ALARM = 0.1;

describe('critique-assisted evaluation, simulated', () => {
  it('recovers the detection and false-alarm rates within their 95% intervals and a positive gain', async () => {
    const world = await makeEvalWorld({ sources: 200, labelers: 8, trialsPerSource: 4 });
    const { projectId } = world;
    const random = seededRandom(8_2026);
    const active = new Set(world.labelers);
    // Round robin, one trial per evaluator per turn: deterministic for the seed.
    while (active.size > 0) {
      for (const userId of [...active]) {
        const task = await claimDetectTask({ projectId, userId, random });
        if (!task) {
          active.delete(userId);
          continue;
        }
        const view = (await getDetectTask({ projectId, userId, assignmentId: task.assignmentId }))!;
        // The simulation knows the truth the screen hides.
        const trial = await getDb().detectTrial.findUniqueOrThrow({
          where: { assignmentId: task.assignmentId },
          select: { variant: true, arm: true },
        });
        const says = trial.variant === 'FLAWED' ? random() < P_FIND[trial.arm] : random() < P_FALSE_ALARM;
        const span = trial.variant === 'FLAWED' ? PLANTED : { start: 0, end: 5 };
        const result = await submitDetectTrial({
          userId,
          projectId,
          input: {
            assignmentId: task.assignmentId,
            likert: says ? 3 : 6,
            saysFlawed: says,
            span: says ? span : null,
            description: says ? 'Boiling point' : '',
            severity: says ? 3 : null,
            critiqueMarks: view.critiques.map((c) => ({ critiqueId: c.id, helpful: random() < 0.6 })),
            activeMs: 20_000 + Math.floor(random() * 40_000) + (trial.arm === 'ASSISTED' ? 15_000 : 0),
          },
        });
        if (result.askWouldHaveNoticed)
          await recordWouldHaveNoticed({ userId, projectId, input: { assignmentId: task.assignmentId, wouldHaveNoticed: random() < 0.5 } });
      }
    }

    const analysis = await getCritiqueEval({ projectId });
    expect(analysis.counts.sources).toBe(200);
    expect(analysis.counts.labelers).toBe(8);
    expect(analysis.counts.trials).toBeGreaterThan(700);
    expect(analysis.counts.pendingReview).toBe(0);
    const inside = (interval: { low: number; high: number }, truth: number) => [interval.low <= truth && truth <= interval.high, interval];
    expect(inside(analysis.detection.UNASSISTED.interval, 0.3)[0], JSON.stringify(analysis.detection)).toBe(true);
    expect(inside(analysis.detection.ASSISTED.interval, 0.45)[0], JSON.stringify(analysis.detection)).toBe(true);
    expect(inside(analysis.falseAlarm.UNASSISTED.interval, 0.1)[0], JSON.stringify(analysis.falseAlarm)).toBe(true);
    expect(inside(analysis.falseAlarm.ASSISTED.interval, 0.1)[0], JSON.stringify(analysis.falseAlarm)).toBe(true);
    expect(analysis.gain.estimate).toBeGreaterThan(0);
    expect(analysis.gain.low).toBeLessThanOrEqual(0.5);
    expect(analysis.gain.high).toBeGreaterThanOrEqual(0.5);
    // Cells are balanced: each arm × variant has a quarter of the trials (within a block's worth per labeler).
    const n = analysis.counts.trials;
    for (const arm of ['UNASSISTED', 'ASSISTED'] as const) {
      expect(Math.abs(analysis.detection[arm].n - n / 4)).toBeLessThanOrEqual(8 * 3);
      expect(Math.abs(analysis.falseAlarm[arm].n - n / 4)).toBeLessThanOrEqual(8 * 3);
    }
    expect(analysis.medianMs.ASSISTED!).toBeGreaterThan(analysis.medianMs.UNASSISTED!);
    expect(analysis.helpfulness.interval.low).toBeLessThanOrEqual(0.6);
    expect(analysis.helpfulness.interval.high).toBeGreaterThanOrEqual(0.6);
    expect(analysis.wouldHaveNoticed.n).toBe(analysis.detection.ASSISTED.x);
    console.info(
      `simulation: ${n} trials; detection U ${analysis.detection.UNASSISTED.x}/${analysis.detection.UNASSISTED.n}, A ${analysis.detection.ASSISTED.x}/${analysis.detection.ASSISTED.n}; ` +
        `gain ${analysis.gain.estimate.toFixed(3)} [${analysis.gain.low.toFixed(3)}, ${analysis.gain.high.toFixed(3)}]; false alarms U ${analysis.falseAlarm.UNASSISTED.x}/${analysis.falseAlarm.UNASSISTED.n}, A ${analysis.falseAlarm.ASSISTED.x}/${analysis.falseAlarm.ASSISTED.n}`,
    );
  }, 120_000);
});
