import { z } from 'zod';
import { deriveId } from '@/lib/import/derive-id';
import { occurrenceIds } from '@/lib/import/formats/pair-item';
import type { ImportItem, ImportStepLabel, RowError, RowParser } from '@/lib/import/types';
import { validateItem, zodRowErrors, type ImportRules } from '@/lib/import/validate-item';

/** PRM800K's finish reasons (openai/prm800k README). */
export const PRM800K_FINISH_REASONS = ['solution', 'found_error', 'give_up', 'bad_problem'] as const;
/** The question-level fields kept in the item's metadata under this key, and written back by the export. */
export const PRM800K_QUESTION_KEY = 'prm800k';

const rating = z.union([z.literal(-1), z.literal(0), z.literal(1)], { message: 'A rating is -1, 0 or 1' });
const ZCompletion = z.looseObject({
  text: z.string({ error: (i) => (i.input === undefined ? 'Missing "text"' : '"text" must be a string') }),
  rating: rating.nullable(),
});
const ZStep = z.looseObject({
  completions: z
    .array(ZCompletion, { message: '"completions" must be a list of {text, rating}' })
    .min(1, { message: 'A step needs at least one completion' }),
  human_completion: z.unknown().optional(),
  chosen_completion: z.number({ message: '"chosen_completion" must be an index or null' }).int().min(0).nullable().optional(),
});
const ZRow = z.looseObject({
  labeler: z.string({ message: '"labeler" must be a string' }).nullable().optional(),
  question: z.looseObject(
    {
      problem: z.string({ error: (i) => (i.input === undefined ? 'Missing "question.problem"' : '"problem" must be a string') }),
      pre_generated_steps: z.array(z.string(), { message: '"pre_generated_steps" must be a list of strings' }).nullable().optional(),
    },
    { error: (i) => (i.input === undefined ? 'Missing "question"' : '"question" must be an object') },
  ),
  label: z.looseObject(
    {
      steps: z.array(ZStep, { message: '"label.steps" must be a list of steps' }),
      total_time: z.number({ message: '"total_time" must be milliseconds' }).min(0).nullable().optional(),
      finish_reason: z.enum(PRM800K_FINISH_REASONS, { message: `"finish_reason" must be one of ${PRM800K_FINISH_REASONS.join(', ')}` }),
    },
    { error: (i) => (i.input === undefined ? 'Missing "label"' : '"label" must be an object') },
  ),
});
type Row = z.infer<typeof ZRow>;

/** A row's fields without the null ones (a null and a missing field mean the same in PRM800K; the export writes nulls). */
const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
type Problem = Omit<RowError, 'line'>;

/**
 * The labelled trajectory of a row: per step, the chosen completion (`chosen_completion`), or the
 * labeler's own step (`human_completion`, a +1 step by PRM800K's phase-1 rules), or — only at the
 * last step, where labelling stopped with every candidate rated — the first completion (the step
 * as generated). The other candidate completions are alternatives the solution did not take: not
 * imported.
 */
function trajectory(row: Row): { text: string; rating: -1 | 0 | 1 }[] | Problem {
  const out: { text: string; rating: -1 | 0 | 1 }[] = [];
  const steps = row.label.steps;
  for (const [i, step] of steps.entries()) {
    const at = `label.steps[${i}]`;
    let picked: { text: string; rating: -1 | 0 | 1 | null } | null = null;
    if (typeof step.chosen_completion === 'number') {
      picked = step.completions[step.chosen_completion] ?? null;
      if (!picked)
        return {
          path: `${at}.chosen_completion`,
          message: `Completion ${step.chosen_completion} does not exist (the step has ${step.completions.length})`,
        };
    } else if (step.human_completion !== null && step.human_completion !== undefined) {
      const human = step.human_completion;
      const text =
        typeof human === 'string'
          ? human
          : typeof human === 'object' && 'text' in human && typeof human.text === 'string'
            ? human.text
            : null;
      if (text === null) return { path: `${at}.human_completion`, message: '"human_completion" must be a text or {text}' };
      picked = { text, rating: 1 };
    } else if (i === steps.length - 1) {
      picked = step.completions[0]!;
    } else {
      return {
        path: `${at}.chosen_completion`,
        message: 'No completion chosen and no human completion before the last step: the solution cannot be followed',
      };
    }
    if (picked.rating === null) return { path: `${at}.completions`, message: 'The chosen completion has no rating' };
    out.push({ text: picked.text, rating: picked.rating });
  }
  return out;
}

/**
 * PRM800K rows (openai/prm800k): one labelled solution per row. The item is the problem (one user
 * message) with the solution as its one response, whose steps are `question.pre_generated_steps`
 * when given (phase 2: the labels then cover the steps up to where the labelled trajectory leaves
 * them, i.e. up to the first error) or else the labelled trajectory; the steps are kept as the
 * response's explicit list and its text is them joined by blank lines. The row's ratings become an
 * IMPORTED step judgment by the row's `labeler` (pseudonymous), with its finish_reason and
 * total_time. The question's other fields and the row's other top-level fields stay in the item's
 * metadata (`prm800k.question`, `prm800k.row`; nulls left out). A solution repeated in the file is
 * a second item (occurrence ids).
 */
export function prm800kParser(rules: ImportRules): RowParser {
  const idOf = occurrenceIds();
  return {
    push(line, raw) {
      const parsed = ZRow.safeParse(raw);
      if (!parsed.success) return { items: [], critiques: [], errors: zodRowErrors(line, parsed.error) };
      const row = parsed.data;
      const path = trajectory(row);
      if ('path' in path) return { items: [], critiques: [], errors: [{ line, ...path }] };
      const pre = row.question.pre_generated_steps;
      const steps = pre && pre.length > 0 ? pre : path.map((s) => s.text);
      if (steps.length === 0)
        return { items: [], critiques: [], errors: [{ line, path: 'label.steps', message: 'The solution has no steps' }] };
      const labelled: ImportStepLabel['labels'] = [];
      for (const [i, s] of path.entries()) {
        if (steps[i] !== s.text) break;
        labelled.push({ rating: s.rating });
      }
      const { problem, pre_generated_steps: _steps, ...question } = row.question;
      // item_id, response_id and split are the columns this app's prm800k export adds: not the row's data.
      const { labeler, question: _q, label, item_id: _i, response_id: _r, split: _s, ...rest } = row;
      void [_steps, _q, _i, _r, _s];
      const externalId = idOf(deriveId('prm800k', problem, steps));
      const item: ImportItem = {
        line,
        externalId,
        messages: [{ role: 'user', content: problem }],
        responses: [{ externalId: deriveId(externalId, steps), modelId: null, text: steps.join('\n\n'), metadata: { steps } }],
        metadata: { [PRM800K_QUESTION_KEY]: { question: withoutNulls(question), row: withoutNulls(rest) } },
        goldRanking: null,
        labels: [],
        stepLabels: [
          { worker: labeler ?? null, labels: labelled, finishReason: label.finish_reason, durationMs: Math.round(label.total_time ?? 0) },
        ],
      };
      const errors = validateItem(item, { ...rules, minResponses: 1 }).map((e) => ({
        ...e,
        path: e.path.startsWith('messages') ? 'question.problem' : e.path.startsWith('responses') ? 'label.steps' : e.path,
      }));
      return errors.length ? { items: [], critiques: [], errors } : { items: [item], critiques: [], errors: [] };
    },
    finish: () => ({ items: [], critiques: [], errors: [] }),
  };
}
