/**
 * The steps kind against a real PostgreSQL: the claim (one solution per item, overlap slots, the
 * mix), the view (steps split or explicit, no model id or metadata), a submit refused naming an
 * unrated step, "until the first error" storing only the steps asked, idempotent submits.
 */
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { getPgPool } from '@/lib/db';
import { claimMixedTask } from '@/lib/tasks/claim-next';
import { claimStepsTask, getStepsTask, submitSteps } from '@/lib/tasks/kinds/steps';
import { ZStepsSettingsForm } from '@/lib/steps/schemas';
import { updateStepsSettings } from '@/lib/steps/update-steps-settings';
import { readProjectSettings } from '@/lib/projects/settings';
import { refusal } from '../helpers/refusal';

async function setup(options: {
  untilFirstError?: boolean;
  overlap?: number;
  labelers?: number;
  split?: 'blank_lines' | 'numbered_lines';
}) {
  const project = await buildProject({
    name: 'Steps',
    overlap: options.overlap ?? 2,
    settings: {
      goldRate: 0,
      taskMix: { rank: 0, steps: 1 },
      steps: { split: options.split ?? 'blank_lines', untilFirstError: options.untilFirstError ?? false },
    },
  });
  const users = await insertUsers({ count: options.labelers ?? 3, name: (n) => `S${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const items = await insertItems({
    projectId: project.id,
    count: 1,
    prompt: 'What is 2 + 3 × 4?',
    responses: [
      {
        text: 'Multiply first: 3 × 4 = 12.\n\nThen add: 2 + 12 = 14.\n\nThe answer is 14.',
        modelId: 'secret-model',
        metadata: { note: 'hidden' },
      },
    ],
  });
  return { projectId: project.id, labelers: users.map((u) => u.id), itemId: items[0]!.id, responseId: items[0]!.responses[0]!.id };
}

describe('steps kind', () => {
  it('hands out the solution split into steps, without the model or metadata, to overlap labelers', async () => {
    const { projectId, labelers, itemId } = await setup({ overlap: 2 });
    const task = await claimMixedTask({ projectId, userId: labelers[0]! });
    expect(task?.kind).toBe('STEPS');
    expect(task?.itemId).toBe(itemId);
    const view = await getStepsTask({ assignmentId: task!.assignmentId, userId: labelers[0]!, projectId });
    expect(view?.steps).toEqual(['Multiply first: 3 × 4 = 12.', 'Then add: 2 + 12 = 14.', 'The answer is 14.']);
    expect(JSON.stringify(view)).not.toMatch(/secret-model|hidden/);
    // Another labeler may not read it.
    expect(await getStepsTask({ assignmentId: task!.assignmentId, userId: labelers[1]!, projectId })).toBeNull();
    expect((await claimStepsTask({ projectId, userId: labelers[1]! }))?.itemId).toBe(itemId);
    // Overlap 2: the third labeler gets nothing.
    expect(await claimStepsTask({ projectId, userId: labelers[2]! })).toBeNull();
  });

  it('refuses a submit with an unrated step, naming it, and stores nothing', async () => {
    const { projectId, labelers } = await setup({});
    const task = await claimStepsTask({ projectId, userId: labelers[0]! });
    const input = {
      assignmentId: task!.assignmentId,
      ratings: [1, null, 1] as (1 | null)[],
      flaws: [],
      finalAnswer: 'CORRECT' as const,
      activeMs: 10,
    };
    const error = await refusal(submitSteps({ userId: labelers[0]!, projectId, input }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('Rate every step before submitting: step 2 is not rated yet');
    expect(error.fieldErrors).toEqual({ 'ratings[1]': ['Rate every step before submitting: step 2 is not rated yet'] });
    const { rows } = await getPgPool().query(`SELECT 1 FROM step_judgments WHERE "projectId" = $1`, [projectId]);
    expect(rows).toHaveLength(0);
    const status = await getPgPool().query<{ status: string }>(`SELECT status FROM assignments WHERE id = $1`, [task!.assignmentId]);
    expect(status.rows[0]?.status).toBe('ACTIVE');
  });

  it('until the first error: stores the steps up to the negative one with its flaw note; a retry writes nothing', async () => {
    const { projectId, labelers, responseId } = await setup({ untilFirstError: true });
    const task = await claimStepsTask({ projectId, userId: labelers[0]! });
    const input = {
      assignmentId: task!.assignmentId,
      ratings: [0, -1, 1] as (0 | 1 | -1)[],
      flaws: ['', '  2 + 12 is 14, but the order was wrong  '],
      finalAnswer: 'INCORRECT' as const,
      activeMs: 5,
    };
    const first = await submitSteps({ userId: labelers[0]!, projectId, input });
    expect(first.duplicate).toBe(false);
    const again = await submitSteps({ userId: labelers[0]!, projectId, input });
    expect(again).toEqual({ stepJudgmentId: first.stepJudgmentId, duplicate: true });
    const { rows } = await getPgPool().query(
      `SELECT "responseId", steps, labels, "finalAnswer", source, "durationMs" FROM step_judgments WHERE "projectId" = $1`,
      [projectId],
    );
    expect(rows).toEqual([
      {
        responseId,
        steps: ['Multiply first: 3 × 4 = 12.', 'Then add: 2 + 12 = 14.', 'The answer is 14.'],
        labels: [{ rating: 0 }, { rating: -1, flaw: '2 + 12 is 14, but the order was wrong' }],
        finalAnswer: 'INCORRECT',
        source: 'LABELED',
        durationMs: 5,
      },
    ]);
  });

  it('splits numbered lines when the project says so and refuses ratings for steps that do not exist', async () => {
    const project = await buildProject({
      overlap: 1,
      settings: { goldRate: 0, taskMix: { rank: 0, steps: 1 }, steps: { split: 'numbered_lines' } },
    });
    const [user] = await insertUsers({ count: 1 });
    await insertMemberships({ projectId: project.id, userIds: [user!.id] });
    await insertItems({ projectId: project.id, count: 1, responses: [{ text: '1. Two.\n2. Three.' }] });
    const task = await claimStepsTask({ projectId: project.id, userId: user!.id });
    const view = await getStepsTask({ assignmentId: task!.assignmentId, userId: user!.id, projectId: project.id });
    expect(view?.steps).toEqual(['1. Two.', '2. Three.']);
    const error = await refusal(
      submitSteps({
        userId: user!.id,
        projectId: project.id,
        input: { assignmentId: task!.assignmentId, ratings: [1, 1, 1], flaws: [], finalAnswer: 'CORRECT', activeMs: 0 },
      }),
    );
    expect(error.message).toBe('This response has 2 steps; 3 ratings were sent');
  });

  it('a lead makes a ranking project steps-only from the steps form (other settings kept, audited); labelers then get steps tasks', async () => {
    const project = await buildProject({ overlap: 1, settings: { goldRate: 0.3, taskMix: { rank: 2, demonstrate: 1 } } });
    const [user] = await insertUsers({ count: 1 });
    await insertMemberships({ projectId: project.id, userIds: [user!.id] });
    await insertItems({ projectId: project.id, count: 1, responses: [{ text: 'One.\n\nTwo.' }] });
    expect(ZStepsSettingsForm.safeParse({ projectId: project.id, weight: '0', split: 'blank_lines', stepsOnly: 'on' }).success).toBe(false);
    const input = ZStepsSettingsForm.parse({
      projectId: project.id,
      weight: '3',
      split: 'numbered_lines',
      untilFirstError: 'on',
      stepsOnly: 'on',
    });
    await updateStepsSettings({ actorId: user!.id, projectId: project.id, input });
    const { rows } = await getPgPool().query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [project.id]);
    const settings = readProjectSettings(rows[0]?.settings);
    expect(settings.taskMix).toEqual({ rank: 0, demonstrate: 0, perturb: 0, detect: 0, steps: 3, chat: 0 });
    expect(settings.steps).toEqual({ split: 'numbered_lines', untilFirstError: true });
    expect(settings.goldRate).toBe(0.3);
    const audit = await getPgPool().query(
      `SELECT 1 FROM audit_events WHERE "projectId" = $1 AND action = 'project.steps_settings.update'`,
      [project.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect((await claimMixedTask({ projectId: project.id, userId: user!.id }))?.kind).toBe('STEPS');
  });
});
