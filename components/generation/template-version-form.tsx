'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/**
 * A versioned prompt template's form (critique templates, issue 24; judge templates, issue 25):
 * saving makes a new version, and what the template made records the version it used.
 */
export function TemplateVersionForm({
  projectId,
  text,
  version,
  action,
  formLabel,
  fieldId,
  promptName,
  hint,
  rows,
}: {
  projectId: string;
  text: string;
  version: number;
  action: Action;
  /** The form's accessible name, e.g. "Critique template". */
  formLabel: string;
  fieldId: string;
  /** "Critique prompt", "Judge prompt": the label adds the version. */
  promptName: string;
  /** Which placeholders are filled in. */
  hint: string;
  rows: number;
}) {
  const { formProps, pending, state } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-3" aria-label={formLabel}>
      <input type="hidden" name="projectId" value={projectId} />
      <Field
        id={fieldId}
        label={`${promptName} (version ${version}${version === 0 ? ', the default' : ''})`}
        errors={state.errors?.text}
        hint={hint}
      >
        <textarea id={fieldId} name="text" rows={rows} defaultValue={text} className={inputClass} />
      </Field>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          Save as a new version
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
