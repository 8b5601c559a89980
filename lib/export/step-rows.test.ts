/**
 * Golden rows of the step formats, read by the rules of their consumers: TRL's stepwise
 * supervision (PRMTrainer's tokenize_row: a text prompt, completions a list of step texts, labels
 * one boolean per step) and PRM800K's README (the trajectory rebuilt from label.steps, ratings in
 * −1/0/+1, the four finish reasons, the documented keys).
 */
import { describe, expect, it } from 'vitest';
import { formatSchema, schemaProblem } from '@/lib/export/format-schema';
import { prm800kRows, trlStepwiseRows } from '@/lib/export/step-rows';
import type { ExportItem, ExportStepJudgment } from '@/lib/export/types';

const steps = ['3 × 4 = 12.', '2 + 12 = 15.', 'The answer is 15.'];
const judgment = (o: Partial<ExportStepJudgment>): ExportStepJudgment => ({
  stepJudgmentId: 's1',
  responseId: 'r1',
  labeler: 'labeler-aaa',
  source: 'LABELED',
  steps,
  labels: [{ rating: 1 }, { rating: -1, flaw: 'should be 14' }],
  finalAnswer: 'INCORRECT',
  finishReason: null,
  durationMs: 4200,
  createdAt: '2026-12-06T10:00:00.000Z',
  question: null,
  ...o,
});
const item: ExportItem = {
  itemId: 'i-uuid',
  externalId: 'q1',
  messages: [{ role: 'user', content: 'What is 2 + 3 × 4?' }],
  responses: [{ id: 'r1', externalId: 'a', modelId: 'm', text: steps.join('\n\n') }],
  isGold: false,
  judgments: [],
  adjudicatedRanking: null,
  stepJudgments: [
    judgment({}),
    judgment({ stepJudgmentId: 's2', labeler: 'labeler-bbb', labels: [{ rating: 1 }, { rating: 0 }, { rating: 1 }] }),
  ],
};
const split = { validationShare: 0, splitBy: 'conversation' };

/** TRL PRMTrainer.tokenize_row's expectations of a stepwise example (standard, not conversational). */
function trlReads(row: Record<string, unknown>) {
  expect(typeof row.prompt).toBe('string');
  expect(Array.isArray(row.completions) && (row.completions as unknown[]).every((c) => typeof c === 'string')).toBe(true);
  expect(Array.isArray(row.labels) && (row.labels as unknown[]).every((l) => typeof l === 'boolean')).toBe(true);
  expect((row.labels as unknown[]).length).toBe((row.completions as unknown[]).length);
}

describe('trl-stepwise rows', () => {
  it('golden rows, per labeler, neutral as true', () => {
    const rows = trlStepwiseRows(item, { ...split, mode: 'per-labeler', neutralAs: 'true' });
    expect(rows).toEqual([
      {
        prompt: 'What is 2 + 3 × 4?',
        completions: steps.slice(0, 2),
        labels: [true, false],
        item_id: 'q1',
        response_id: 'r1',
        labeler: 'labeler-aaa',
        split: 'train',
      },
      {
        prompt: 'What is 2 + 3 × 4?',
        completions: steps,
        labels: [true, true, true],
        item_id: 'q1',
        response_id: 'r1',
        labeler: 'labeler-bbb',
        split: 'train',
      },
    ]);
    for (const row of rows) {
      trlReads(row);
      expect(schemaProblem(row, formatSchema('trl-stepwise', { margin: 'none' }))).toBeNull();
    }
  });

  it('neutral as false, and consensus stopping at the first tie', () => {
    expect(trlStepwiseRows(item, { ...split, mode: 'per-labeler', neutralAs: 'false' })[1]?.labels).toEqual([true, false, true]);
    const consensus = trlStepwiseRows(item, { ...split, mode: 'consensus', neutralAs: 'true' });
    expect(consensus).toEqual([expect.objectContaining({ completions: [steps[0]], labels: [true], labeler: null })]);
    trlReads(consensus[0]!);
  });
});

describe('prm800k rows', () => {
  it('golden row: the PRM800K README shape, its trajectory rebuilt as the README says', () => {
    const rows = prm800kRows(item, split);
    expect(rows[0]).toEqual({
      labeler: 'labeler-aaa',
      timestamp: '2026-12-06T10:00:00.000Z',
      generation: null,
      is_quality_control_question: null,
      is_initial_screening_question: null,
      question: {
        problem: 'What is 2 + 3 × 4?',
        ground_truth_solution: null,
        ground_truth_answer: null,
        pre_generated_steps: steps,
        pre_generated_answer: null,
        pre_generated_verifier_score: null,
      },
      label: {
        steps: [
          { completions: [{ text: steps[0], rating: 1, flagged: null, flaw: null }], human_completion: null, chosen_completion: 0 },
          {
            completions: [{ text: steps[1], rating: -1, flagged: null, flaw: 'should be 14' }],
            human_completion: null,
            chosen_completion: 0,
          },
        ],
        total_time: 4200,
        finish_reason: 'found_error',
        final_answer: 'incorrect',
      },
      item_id: 'q1',
      response_id: 'r1',
      split: 'train',
    });
    for (const row of rows) {
      expect(schemaProblem(row, formatSchema('prm800k', { margin: 'none' }))).toBeNull();
      const label = row.label as {
        steps: { completions: { text: string; rating: number }[]; human_completion: string | null; chosen_completion: number | null }[];
        finish_reason: string;
      };
      // README: [step.human_completion if step.chosen_completion is None else step.completions[step.chosen_completion].text for step in label.steps]
      const trajectory = label.steps.map((s) =>
        s.chosen_completion === null ? s.human_completion : s.completions[s.chosen_completion]!.text,
      );
      expect(trajectory).toEqual((row.question as { pre_generated_steps: string[] }).pre_generated_steps.slice(0, trajectory.length));
      expect(label.steps.every((s) => s.completions.every((c) => [-1, 0, 1].includes(c.rating)))).toBe(true);
      expect(['solution', 'found_error', 'give_up', 'bad_problem']).toContain(label.finish_reason);
    }
    expect((rows[1]!.label as { finish_reason: string }).finish_reason).toBe('solution');
  });
});
