import type { PairOptions } from '@/lib/export/types';
import { splitOf } from '@/lib/export/split';
import type { ExportItem, ExportStepJudgment } from '@/lib/export/types';
import { consensusRatings, stepwiseLabels, type NeutralAs } from '@/lib/steps/stepwise';

type StepOptions = Pick<PairOptions, 'validationShare' | 'splitBy' | 'mode'> & { neutralAs: NeutralAs };

/** A conversation as one prompt text: a single user turn as it is; several turns as "User: …" / "Assistant: …" blocks. */
export function stepPrompt(messages: ExportItem['messages']): string {
  if (messages.length === 1 && messages[0]!.role === 'user') return messages[0]!.content;
  const name = { system: 'System', user: 'User', assistant: 'Assistant' } as const;
  return messages.map((m) => `${name[m.role]}: ${m.content}`).join('\n\n');
}

/**
 * TRL stepwise-supervision rows of an item: `prompt`, `completions` (the rated steps, in order)
 * and `labels` (one boolean per step: +1 true, −1 false, neutral by `neutralAs`). Per labeler: one
 * row per labelling. Consensus: one row per response, the per-step majority of its labellings up
 * to the first step without one (lib/steps/stepwise.ts). A labelling with no rated step gives no row.
 */
export function trlStepwiseRows(item: ExportItem, options: StepOptions): Record<string, unknown>[] {
  const { split } = splitOf(item, options);
  const judgments = item.stepJudgments ?? [];
  const prompt = stepPrompt(item.messages);
  const row = (j: ExportStepJudgment, ratings: number[], labeler: string | null) => ({
    prompt,
    completions: j.steps.slice(0, ratings.length),
    labels: stepwiseLabels(ratings, options.neutralAs),
    item_id: item.externalId ?? item.itemId,
    response_id: j.responseId,
    labeler,
    split,
  });
  if (options.mode === 'per-labeler')
    return judgments
      .filter((j) => j.labels.length > 0)
      .map((j) =>
        row(
          j,
          j.labels.map((l) => l.rating),
          j.labeler,
        ),
      );
  const byResponse = new Map<string, ExportStepJudgment[]>();
  for (const j of judgments) byResponse.set(j.responseId, [...(byResponse.get(j.responseId) ?? []), j]);
  return [...byResponse.values()].flatMap((group) => {
    const ratings = consensusRatings(group.map((j) => j.labels.map((l) => l.rating)));
    return ratings.length > 0 ? [row(group[0]!, ratings, null)] : [];
  });
}

const FINAL_ANSWER = { CORRECT: 'correct', INCORRECT: 'incorrect', CANT_TELL: 'cant_tell' } as const;
const text = (v: unknown) => (typeof v === 'string' ? v : null);
const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const flag = (v: unknown) => (typeof v === 'boolean' ? v : null);
const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * PRM800K-shaped rows of an item, one per labelling (as in PRM800K, where a row is one labeler's
 * labelling), every row with the same columns: the imported row's fields back (metadata `prm800k`;
 * null when it had none), `question.problem` the prompt, `question.pre_generated_steps` every step
 * of the solution, `label.steps` one step per rated step with its one completion (chosen_completion
 * 0; `flaw` the labeler's note on a negative step, else null), `label.finish_reason` as imported or,
 * for labels made here, "found_error" with a negative step and "solution" without;
 * `label.final_answer` the labeler's verdict (null when imported).
 */
export function prm800kRows(item: ExportItem, options: Pick<PairOptions, 'validationShare' | 'splitBy'>): Record<string, unknown>[] {
  const { split } = splitOf(item, options);
  const prompt = stepPrompt(item.messages);
  return (item.stepJudgments ?? []).map((j) => {
    const stored = record(j.question);
    const row = record(stored.row);
    const question = record(stored.question);
    return {
      labeler: j.labeler,
      timestamp: j.source === 'IMPORTED' ? (text(row.timestamp) ?? j.createdAt) : j.createdAt,
      generation: number(row.generation),
      is_quality_control_question: flag(row.is_quality_control_question),
      is_initial_screening_question: flag(row.is_initial_screening_question),
      question: {
        problem: prompt,
        ground_truth_solution: text(question.ground_truth_solution),
        ground_truth_answer: text(question.ground_truth_answer),
        pre_generated_steps: j.steps,
        pre_generated_answer: text(question.pre_generated_answer),
        pre_generated_verifier_score: number(question.pre_generated_verifier_score),
      },
      label: {
        steps: j.labels.map((l, i) => ({
          completions: [{ text: j.steps[i] ?? '', rating: l.rating, flagged: null, flaw: l.flaw ?? null }],
          human_completion: null,
          chosen_completion: 0,
        })),
        total_time: j.durationMs,
        finish_reason: j.finishReason ?? (j.labels.some((l) => l.rating === -1) ? 'found_error' : 'solution'),
        final_answer: j.finalAnswer === null ? null : FINAL_ANSWER[j.finalAnswer],
      },
      item_id: item.externalId ?? item.itemId,
      response_id: j.responseId,
      split,
    };
  });
}
