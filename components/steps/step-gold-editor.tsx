'use client';

import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';
import { FINAL_ANSWERS, STEP_RATINGS, type FinalAnswer } from '@/lib/steps/schemas';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Props = {
  projectId: string;
  itemId: string;
  /** The solution's steps as a steps task shows them now. */
  steps: string[];
  untilFirstError: boolean;
  /** The stored gold labels (by step), when the item has step gold. */
  gold: { labels: { rating: number; flaw?: string }[]; finalAnswer: FinalAnswer } | null;
  /** Whether the stored gold was made on other steps (the split or the solution changed since). */
  stale: boolean;
  setGold: Action;
  clearGold: Action;
};

/**
 * The lead's correct step labelling of a steps item (step gold): a rating per step (−1/0/+1, or
 * unrated: nothing is preselected, so no default becomes gold), a flaw note on negative steps,
 * the verdict on the final answer. Plain selects: usable by keyboard and without JavaScript.
 */
export function StepGoldEditor({ projectId, itemId, steps, untilFirstError, gold, stale, setGold, clearGold }: Props) {
  const { state, pending, formProps } = useFormAction(setGold);
  const clear = useFormAction(clearGold);
  const errors = Object.entries(state.errors ?? {}).flatMap(([, list]) => list);
  if (steps.length === 0) return <p className="text-sm text-slate-600">This item has no solution to label.</p>;
  return (
    <div className="flex flex-col gap-4">
      {stale ? (
        <p className="text-sm text-amber-800">
          The stored gold was made on other steps; labellings of these steps are not scored until it is saved again.
        </p>
      ) : null}
      <form {...formProps} className="flex flex-col gap-3" noValidate aria-describedby="step-gold-help">
        <input type="hidden" name="projectId" value={projectId} />
        <input type="hidden" name="itemId" value={itemId} />
        <p id="step-gold-help" className="text-sm text-slate-600">
          Rate every step as a labeler should{untilFirstError ? ' (up to the first negative step; later steps are not asked)' : ''}.
        </p>
        <ol className="flex flex-col gap-3">
          {steps.map((step, i) => {
            const stored = stale ? undefined : gold?.labels[i];
            return (
              <li key={i} className="flex flex-col gap-1 text-sm">
                <span className="line-clamp-3 text-xs whitespace-pre-wrap text-slate-700">
                  {i + 1}. {step}
                </span>
                <label className="flex items-center gap-2">
                  <span className="w-14 text-slate-600">Step {i + 1}</span>
                  <select
                    name="rating"
                    defaultValue={stored ? String(stored.rating) : ''}
                    className="rounded border border-slate-300 px-1 py-0.5"
                  >
                    <option value="">not rated</option>
                    {STEP_RATINGS.map((r) => (
                      <option key={r.rating} value={String(r.rating)}>
                        {r.rating > 0 ? '+1' : r.rating} {r.name.toLowerCase()}
                      </option>
                    ))}
                  </select>
                </label>
                <input
                  name="flaw"
                  aria-label={`Step ${i + 1} flaw note (negative steps only)`}
                  placeholder="flaw (negative steps only)"
                  defaultValue={stored?.flaw ?? ''}
                  className="rounded border border-slate-300 px-1 py-0.5 text-xs"
                />
              </li>
            );
          })}
        </ol>
        <label className="flex flex-col gap-1 text-sm">
          Final answer
          <select name="finalAnswer" defaultValue={gold?.finalAnswer ?? ''} className="rounded border border-slate-300 px-1 py-0.5">
            <option value="">not given</option>
            {FINAL_ANSWERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <div aria-live="polite">
          {errors.map((e) => (
            <p key={e} className="text-sm text-red-700">
              {e}
            </p>
          ))}
        </div>
        <FormMessage state={state} />
        <Button type="submit" disabled={pending}>
          {gold ? 'Save step gold' : 'Mark step gold'}
        </Button>
      </form>
      {gold ? (
        <form {...clear.formProps}>
          <input type="hidden" name="projectId" value={projectId} />
          <input type="hidden" name="itemId" value={itemId} />
          <Button type="submit" variant="danger" disabled={clear.pending} className="w-full">
            Remove step gold
          </Button>
        </form>
      ) : null}
      <FormMessage state={clear.state} />
    </div>
  );
}
