'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { action: (state: FormState, data: FormData) => Promise<FormState> };

export function CreateProjectForm({ action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const err = (name: string) => state.errors?.[name];
  const input = (name: string, extra: Record<string, unknown> = {}) => ({
    id: `project-${name}`,
    name,
    'aria-invalid': Boolean(err(name)),
    'aria-describedby': `project-${name}-error`,
    className: inputClass,
    ...extra,
  });
  return (
    <form {...formProps} className="flex flex-col gap-4" noValidate>
      <Field id="project-name" label="Name" errors={err('name')}>
        <input {...input('name')} />
      </Field>
      <Field id="project-slug" label="Slug" errors={err('slug')} hint="Lowercase letters, digits and dashes; used in exports.">
        <input {...input('slug')} />
      </Field>
      <Field id="project-overlap" label="Labels per item (overlap)" errors={err('overlap')}>
        <input {...input('overlap', { type: 'number', min: 1, max: 50, defaultValue: 3 })} />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="project-minResponses" label="Min responses" errors={err('minResponses')}>
          <input {...input('minResponses', { type: 'number', min: 2, max: 9, defaultValue: 2 })} />
        </Field>
        <Field id="project-maxResponses" label="Max responses" errors={err('maxResponses')}>
          <input {...input('maxResponses', { type: 'number', min: 2, max: 9, defaultValue: 9 })} />
        </Field>
      </div>
      <Field id="project-guidelines" label="Guidelines (markdown)" errors={err('guidelines')}>
        <textarea {...input('guidelines', { rows: 5 })} />
      </Field>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? 'Creating…' : 'Create project'}
      </Button>
    </form>
  );
}
