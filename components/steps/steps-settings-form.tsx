'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';
import type { TProjectSettings } from '@/lib/projects/settings';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** The lead's steps settings (issue 27): the kind's weight in the task mix, how solutions are split into steps, "until the first error". */
export function StepsSettingsForm({
  projectId,
  weight,
  settings,
  action,
}: {
  projectId: string;
  weight: number;
  settings: TProjectSettings['steps'];
  action: Action;
}) {
  const { state, pending, formProps } = useFormAction(action);
  const errors = state.errors ?? {};
  return (
    <form {...formProps} className="flex flex-col gap-4" aria-label="Step labels settings">
      <input type="hidden" name="projectId" value={projectId} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="steps-weight"
          label="Steps"
          errors={errors.weight}
          hint="Weight in the task mix; 0 turns step labelling off. Overlap: the project's."
        >
          <input id="steps-weight" name="weight" type="number" min={0} defaultValue={weight} className={inputClass} />
        </Field>
        <Field
          id="steps-split"
          label="Split responses into steps"
          errors={errors.split}
          hint="Used when a response has no explicit step list (imported `steps`)."
        >
          <select id="steps-split" name="split" defaultValue={settings.split} className={inputClass}>
            <option value="blank_lines">On blank lines</option>
            <option value="numbered_lines">On numbered lines (1., 2), Step 3:)</option>
          </select>
        </Field>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="untilFirstError" defaultChecked={settings.untilFirstError} />
        Label until the first error (steps after a negative one are not asked and not stored)
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="stepsOnly" />
        Steps only: turn every other task kind off (set their weights to 0)
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save step settings
        </Button>
        <p role="status" aria-live="polite" className="text-sm text-slate-700">
          {state.message}
        </p>
      </div>
    </form>
  );
}
