/**
 * The demo's step-labelling project (issue 27): four short math solutions written as numbered
 * steps, split on numbered lines, labelled until the first error. Three carry two labellings each
 * (the demo labelers'; stored as IMPORTED: they come from this file, not from someone labelling in
 * the app), so the dashboard shows step agreement from the start; the fourth is left for the demo
 * labelers to label in the app.
 */
import { buildItem } from '../lib/builders/insert-items';
import { buildProject } from '../lib/builders/build-project';
import { buildStepJudgment } from '../lib/builders/build-step-judgment';
import { splitSteps } from '../lib/steps/split-steps';

export const DEMO_STEPS_PROJECT = { slug: 'demo-steps', name: 'Demo: step-by-step math' };

const SOLUTIONS: { problem: string; solution: string; labels: [(-1 | 0 | 1)[], (-1 | 0 | 1)[]] | null }[] = [
  {
    problem: 'A shirt costs $40 and is discounted by 25%, then by a further 10%. What is the final price?',
    solution:
      '1. The first discount is 25% of $40, which is $10.\n2. After it the shirt costs $40 − $10 = $30.\n3. Discounts are applied one after the other.\n4. The second discount is 10% of $40, which is $4, so the price is $26.\n5. The final price is $26.',
    labels: [
      [1, 1, 0, -1],
      [1, 1, 0, -1],
    ],
  },
  {
    problem: 'What is the sum of the interior angles of a hexagon?',
    solution:
      '1. A polygon with n sides has interior angles summing to (n − 2) × 180°.\n2. A hexagon has 6 sides.\n3. So the sum is (6 − 2) × 180° = 720°.\n4. The answer is 720°.',
    labels: [
      [1, 1, 1, 1],
      [1, 0, 1, 1],
    ],
  },
  {
    problem: 'Solve 3x + 5 = 20.',
    solution: '1. Subtract 5 from both sides: 3x = 25.\n2. Divide by 3: x = 25/3.\n3. Check: 3 × 25/3 + 5 = 30.\n4. So x = 25/3.',
    labels: [[-1], [1, -1]],
  },
  {
    problem: 'How many minutes are there in 2.5 hours?',
    solution:
      '1. One hour has 60 minutes.\n2. 2.5 hours have 2.5 × 60 minutes.\n3. 2.5 × 60 = 150.\n4. There are 150 minutes in 2.5 hours.',
    labels: null,
  },
];

/** The steps demo project with its solutions and seeded labellings (by the two demo labelers). */
export async function seedStepsDemo(o: { leadId: string | null; labelerIds: [string, string] }): Promise<void> {
  const project = await buildProject({
    actorId: o.leadId,
    name: DEMO_STEPS_PROJECT.name,
    slug: DEMO_STEPS_PROJECT.slug,
    guidelines:
      'Rate each step of the solution: +1 correct and useful, 0 fine but no progress, −1 wrong or misleading (add a note saying what is wrong). Labelling stops at the first wrong step. Then say whether the final answer is correct.',
    overlap: 2,
    settings: { goldRate: 0, taskMix: { rank: 0, steps: 1 }, steps: { split: 'numbered_lines', untilFirstError: true } },
    members: ['researcher@preflab.test', 'labeler1@preflab.test', 'labeler2@preflab.test'],
  });
  for (const [n, s] of SOLUTIONS.entries()) {
    const item = await buildItem({
      projectId: project.id,
      externalId: `steps-${n + 1}`,
      prompt: s.problem,
      responses: [{ text: s.solution, modelId: 'demo-math-model' }],
    });
    const response = item.responses[0]!;
    for (const [k, ratings] of (s.labels ?? []).entries())
      await buildStepJudgment({
        projectId: project.id,
        item,
        response,
        userId: o.labelerIds[k]!,
        ratings,
        steps: splitSteps(s.solution, 'numbered_lines'),
        finishReason: ratings.includes(-1) ? 'found_error' : 'solution',
      });
  }
}
