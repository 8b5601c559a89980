/**
 * The "perturbations" and "detect-trials" exports through a real snapshot (PostgreSQL, chunks,
 * download), and the analysis leaving out members a lead excluded.
 */
import { describe, expect, it } from 'vitest';
import { getPgPool } from '@/lib/db';
import { claimDetectTask, getDetectTask, submitDetectTrial } from '@/lib/tasks/kinds/detect';
import { getCritiqueEval } from '@/lib/detect/get-critique-eval';
import { labelerPseudonym } from '@/lib/export/labeler-pseudonym';
import { reviewPerturbation } from '@/lib/perturb/review-perturbation';
import { FLAWED_TEXT, makeEvalWorld, ORIGINAL_TEXT, PLANTED } from '../helpers/critique-eval-fixture';
import { download, snapshot } from '../helpers/export-fixture';

/** Two trials for each labeler, answered rightly: "yes" with the planted span on a flawed text, "no" on an original. */
async function answerTwoTrialsEach(projectId: string, labelers: string[]): Promise<void> {
  for (const userId of labelers) {
    for (let k = 0; k < 2; k++) {
      const task = (await claimDetectTask({ projectId, userId, random: () => 0 }))!;
      const view = (await getDetectTask({ projectId, userId, assignmentId: task.assignmentId }))!;
      const flawed = view.text === FLAWED_TEXT;
      await submitDetectTrial({
        userId,
        projectId,
        input: {
          assignmentId: task.assignmentId,
          likert: flawed ? 2 : 6,
          saysFlawed: flawed,
          span: flawed ? PLANTED : null,
          description: flawed ? 'Wrong direction' : '',
          severity: flawed ? 3 : null,
          critiqueMarks: [],
          activeMs: 5000,
        },
      });
    }
  }
}

describe('critique experiment exports', () => {
  it('writes one row per accepted perturbation and per submitted trial, without excluded members, snapshotted', async () => {
    const world = await makeEvalWorld({ sources: 2, labelers: 2 });
    const { projectId } = world;
    const [kept, excluded] = world.labelers as [string, string];
    await answerTwoTrialsEach(projectId, [kept, excluded]);
    await getPgPool().query(`UPDATE memberships SET excluded = true WHERE "projectId" = $1 AND "userId" = $2`, [projectId, excluded]);

    const perturbations = await snapshot(projectId, null, { format: 'perturbations' });
    const p = await download(projectId, perturbations.snapshot_id, null);
    expect(p.rows).toHaveLength(2);
    expect(p.rows.find((r) => r.item_id === 'src-1')).toEqual({
      messages: [{ role: 'user', content: 'Question 1: at what temperature does water boil?' }],
      original: ORIGINAL_TEXT,
      flawed: FLAWED_TEXT,
      flaw: {
        description: 'Says higher instead of lower',
        category: 'accuracy',
        severity: 1,
        missable_because: 'One word changed',
        span: PLANTED,
        original_span: { start: ORIGINAL_TEXT.indexOf('lower'), end: ORIGINAL_TEXT.indexOf('lower') + 5 },
      },
      item_id: 'src-1',
      response_id: 'r',
      perturbation_id: world.perturbations[0]!.id,
      author: labelerPseudonym(projectId, world.author),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      split: expect.stringMatching(/^(train|validation)$/),
    });
    expect(perturbations.rows).toBe(2);

    const trials = await snapshot(projectId, null, { format: 'detect-trials' });
    const t = await download(projectId, trials.snapshot_id, null);
    expect(t.rows).toHaveLength(2);
    expect(new Set(t.rows.map((r) => r.labeler))).toEqual(new Set([labelerPseudonym(projectId, kept)]));
    const flawedRow = t.rows.find((r) => r.variant === 'flawed')!;
    expect(flawedRow).toMatchObject({
      arm: 'unassisted',
      likert: 2,
      says_flawed: true,
      span: PLANTED,
      severity: 3,
      description: 'Wrong direction',
      found_intended: true,
      span_overlap: 1,
      reviewed_by_lead: false,
      duration_ms: 5000,
      critique_marks: [],
      would_have_noticed: null,
    });
    expect(t.rows.find((r) => r.variant === 'original')).toMatchObject({
      says_flawed: false,
      span: null,
      found_intended: null,
      description: null,
    });
    // The same snapshot downloads as the same bytes.
    expect((await download(projectId, trials.snapshot_id, null)).sha256).toBe(t.sha256);

    const analysis = await getCritiqueEval({ projectId });
    expect(analysis.counts).toMatchObject({ trials: 2, labelers: 1 });
    expect(analysis.detection.UNASSISTED).toMatchObject({ x: 1, n: 1 });
  });

  it('a perturbation rejected after its trials ran takes them out of the analysis and the export; accepting it again brings them back', async () => {
    const world = await makeEvalWorld({ sources: 2, labelers: 2 });
    const { projectId } = world;
    await answerTwoTrialsEach(projectId, world.labelers);
    const { rows } = await getPgPool().query<{ perturbationId: string; n: number }>(
      `SELECT "perturbationId", count(*)::int AS n FROM detect_trials WHERE "projectId" = $1 AND "submittedAt" IS NOT NULL GROUP BY 1`,
      [projectId],
    );
    const onRejected = rows.find((r) => r.perturbationId === world.perturbations[0]!.id)?.n ?? 0;
    expect(onRejected).toBeGreaterThan(0);
    expect((await getCritiqueEval({ projectId })).counts.trials).toBe(4);

    const lead = world.author; // any actor id: the lib call does not authorize (the action does)
    await reviewPerturbation({
      actorId: lead,
      projectId,
      input: { perturbationId: world.perturbations[0]!.id, action: 'reject', note: 'Not actually wrong' },
    });
    const after = await getCritiqueEval({ projectId });
    expect(after.counts.trials).toBe(4 - onRejected);
    expect(after.counts.sources).toBe(4 - onRejected > 0 ? 1 : 0);
    expect(after.trialsOfRejected).toBe(onRejected);
    const exported = await download(projectId, (await snapshot(projectId, null, { format: 'detect-trials' })).snapshot_id, null);
    expect(exported.rows).toHaveLength(4 - onRejected);
    expect(exported.rows.every((r) => r.perturbation_id !== world.perturbations[0]!.id)).toBe(true);

    await reviewPerturbation({
      actorId: lead,
      projectId,
      input: { perturbationId: world.perturbations[0]!.id, action: 'accept', note: '' },
    });
    const again = await getCritiqueEval({ projectId });
    expect(again.counts.trials).toBe(4);
    expect(again.trialsOfRejected).toBe(0);
  });
});
