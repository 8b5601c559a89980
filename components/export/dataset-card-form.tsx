'use client';

import type { FormState } from '@/lib/forms/form-state';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = {
  projectId: string;
  license: string | null;
  languages: string[];
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

/** Common licence ids of the Hugging Face Hub, offered as suggestions (any Hub id is accepted). */
const LICENSES = ['apache-2.0', 'mit', 'cc-by-4.0', 'cc-by-sa-4.0', 'cc-by-nc-4.0', 'cc0-1.0', 'odc-by', 'other', 'unknown'];

/** The licence and languages every later snapshot's dataset card declares (YAML front matter). */
export function DatasetCardForm({ projectId, license, languages, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-3" noValidate aria-label="Dataset card">
      <input type="hidden" name="projectId" value={projectId} />
      <Field
        id="card-license"
        label="Licence"
        errors={state.errors?.license}
        hint="A Hugging Face licence id; imported items' own licences are added to it."
      >
        <input
          id="card-license"
          name="license"
          list="card-licenses"
          defaultValue={license ?? ''}
          placeholder="cc-by-4.0"
          aria-invalid={Boolean(state.errors?.license)}
          aria-describedby="card-license-error"
          className={inputClass}
        />
      </Field>
      <datalist id="card-licenses">
        {LICENSES.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <Field id="card-languages" label="Languages" errors={state.errors?.languages} hint="ISO 639 codes, comma-separated (en, de, pt-BR).">
        <input
          id="card-languages"
          name="languages"
          defaultValue={languages.join(', ')}
          placeholder="en"
          aria-invalid={Boolean(state.errors?.languages)}
          aria-describedby="card-languages-error"
          className={inputClass}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </Button>
        <div className="min-w-0 flex-1">
          <FormMessage state={state} />
        </div>
      </div>
    </form>
  );
}
