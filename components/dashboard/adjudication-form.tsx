'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { RankNumberField } from '@/components/ui/rank-number-field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Props = {
  projectId: string;
  itemId: string;
  responses: { id: string; name: string }[];
  /** The current verdict, to start from. */
  current: { ranking: string[][] | null; invalid: boolean; note: string } | null;
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

/**
 * The lead's verdict: a reference ranking typed as numbers (1 = best, equal numbers tie, as in the
 * gold editor), or "item invalid"; with a note. Plain inputs: keyboard, screen reader and no-JS friendly.
 */
export function AdjudicationForm({ projectId, itemId, responses, current, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const [verdict, setVerdict] = useState<'ranking' | 'invalid'>(current?.invalid ? 'invalid' : 'ranking');
  const placeOf = new Map((current?.ranking ?? []).flatMap((group, i) => group.map((id) => [id, i + 1] as const)));
  const formErrors = ['ranks', 'ranking', 'verdict', 'form'].flatMap((key) => state.errors?.[key] ?? []);
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="itemId" value={itemId} />
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">Verdict</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="verdict" value="ranking" checked={verdict === 'ranking'} onChange={() => setVerdict('ranking')} />
          Reference ranking
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="verdict" value="invalid" checked={verdict === 'invalid'} onChange={() => setVerdict('invalid')} />
          Item invalid (left out of exports and statistics)
        </label>
      </fieldset>
      <fieldset disabled={verdict === 'invalid'} className="flex flex-col gap-2 disabled:opacity-50" aria-describedby="adjudication-help">
        <legend className="text-sm font-medium text-slate-800">Reference ranking</legend>
        <p id="adjudication-help" className="text-xs text-slate-600">
          1 is best; give equal numbers to responses that tie.
        </p>
        <div className="flex flex-wrap gap-3">
          {responses.map((r) => (
            <RankNumberField
              key={r.id}
              idPrefix="adjudicate"
              response={r}
              defaultValue={placeOf.get(r.id)}
              errors={state.errors?.[`ranks.${r.id}`]}
            />
          ))}
        </div>
      </fieldset>
      <Field id="adjudication-note" label="Note (optional)" errors={state.errors?.note}>
        <textarea
          id="adjudication-note"
          name="note"
          rows={3}
          maxLength={2000}
          defaultValue={current?.note ?? ''}
          aria-invalid={Boolean(state.errors?.note)}
          aria-describedby="adjudication-note-error"
          className={inputClass}
        />
      </Field>
      <div aria-live="polite">
        {formErrors.map((e) => (
          <p key={e} className="text-sm text-red-700">
            {e}
          </p>
        ))}
      </div>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {current ? 'Replace adjudication' : 'Save adjudication'}
      </Button>
    </form>
  );
}
