'use client';

import type { FormState } from '@/lib/forms/form-state';
import { PRIORITY_MAX, PRIORITY_MIN } from '@/lib/items/schemas';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { projectId: string; itemId: string; priority: number; action: (state: FormState, data: FormData) => Promise<FormState> };

export function PriorityForm({ projectId, itemId, priority, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const errors = state.errors?.priority;
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="itemId" value={itemId} />
      <Field
        id="item-priority"
        label="Priority"
        errors={errors}
        hint={`${PRIORITY_MIN} to ${PRIORITY_MAX}; higher priorities are handed out first.`}
      >
        <input
          id="item-priority"
          name="priority"
          type="number"
          step={1}
          min={PRIORITY_MIN}
          max={PRIORITY_MAX}
          defaultValue={priority}
          aria-invalid={Boolean(errors)}
          aria-describedby="item-priority-error"
          className={inputClass}
        />
      </Field>
      <FormMessage state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save priority
      </Button>
    </form>
  );
}
