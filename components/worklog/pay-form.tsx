'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';
import type { TPaySettings } from '@/lib/projects/pay-settings';

type Props = { projectId: string; pay: TPaySettings; action: (state: FormState, data: FormData) => Promise<FormState> };

const KINDS = [
  ['rank', 'Per ranking'],
  ['demonstrate', 'Per demonstration'],
  ['perturb', 'Per perturbation'],
  ['detect', 'Per detect trial'],
  ['steps', 'Per step labelling'],
  ['chat', 'Per chat conversation'],
] as const;

const shown = (v: number | null) => (v === null ? '' : String(v));

/** The project's pay rates: per hour of active time and/or per task by kind; empty = no rate. */
export function PayForm({ projectId, pay, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate aria-label="Pay rates">
      <input type="hidden" name="projectId" value={projectId} />
      <div className="grid gap-3 sm:grid-cols-4">
        <Field id="pay-currency" label="Currency" errors={state.errors?.currency}>
          <input
            id="pay-currency"
            name="currency"
            defaultValue={pay.currency}
            className={inputClass}
            aria-describedby="pay-currency-error"
          />
        </Field>
        <Field id="pay-perHour" label="Per hour of active time" errors={state.errors?.perHour}>
          <input id="pay-perHour" name="perHour" inputMode="decimal" defaultValue={shown(pay.perHour)} className={inputClass} />
        </Field>
        {KINDS.map(([key, label]) => (
          <Field key={key} id={`pay-${key}`} label={label} errors={state.errors?.[key]}>
            <input id={`pay-${key}`} name={key} inputMode="decimal" defaultValue={shown(pay.perTask[key])} className={inputClass} />
          </Field>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save rates'}
        </Button>
        <div className="min-w-0 flex-1">
          <FormMessage state={state} />
        </div>
      </div>
    </form>
  );
}
