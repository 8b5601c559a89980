'use client';

import { TemplateVersionForm } from '@/components/generation/template-version-form';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Connection = { id: string; name: string; model: string };

function ConnectionField({ id, connections, errors }: { id: string; connections: Connection[]; errors?: string[] }) {
  return (
    <Field id={id} label="Connection" errors={errors}>
      <select id={id} name="connectionId" className={inputClass}>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.model})
          </option>
        ))}
      </select>
    </Field>
  );
}

/** "Start a judge run": connection, template version, which items, the reversed order. */
export function JudgeRunForm({
  projectId,
  connections,
  versions,
  action,
}: {
  projectId: string;
  connections: Connection[];
  versions: number[];
  action: Action;
}) {
  const { formProps, pending, state } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-4" aria-label="Start a judge run">
      <input type="hidden" name="projectId" value={projectId} />
      <ConnectionField id="judge-connection" connections={connections} errors={state.errors?.connectionId} />
      <Field id="judge-template" label="Template version" errors={state.errors?.templateVersion}>
        <select id="judge-template" name="templateVersion" className={inputClass} defaultValue={versions[0]}>
          {versions.map((v) => (
            <option key={v} value={v}>
              {v === 0 ? 'Version 0 (the default)' : `Version ${v}`}
            </option>
          ))}
        </select>
      </Field>
      <Field id="judge-items" label="Items" errors={state.errors?.items}>
        <select id="judge-items" name="items" className={inputClass} defaultValue="labeled">
          <option value="labeled">Items with human labels</option>
          <option value="all">Every item with two or more responses</option>
          <option value="sample">A sample of the items with human labels</option>
        </select>
      </Field>
      <Field id="judge-sample" label="Sample size (with “A sample”)" errors={state.errors?.sampleSize}>
        <input id="judge-sample" name="sampleSize" type="number" min={1} className={inputClass} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="reversed" defaultChecked /> Ask each item again with the order reversed (position consistency)
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Start the judge run
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/** The discriminator (which of two texts is flawed?) and the critique checks, on accepted perturbations. */
export function DiscriminateRunForm({ projectId, connections, action }: { projectId: string; connections: Connection[]; action: Action }) {
  const { formProps, pending, state } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-4" aria-label="Start a discriminator run">
      <input type="hidden" name="projectId" value={projectId} />
      <ConnectionField id="disc-connection" connections={connections} errors={state.errors?.connectionId} />
      <Field id="disc-trials" label="Discriminator trials per perturbation" errors={state.errors?.trials}>
        <input id="disc-trials" name="trials" type="number" min={0} max={20} defaultValue={2} className={inputClass} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="checkCritiques" defaultChecked /> Ask, for each critique of a flawed text, whether it points to the
        planted flaw
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Start the discriminator run
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/** The judge prompt template: saving makes a new version (judge labels record theirs). */
export function JudgeTemplateForm(props: { projectId: string; text: string; version: number; action: Action }) {
  return (
    <TemplateVersionForm
      {...props}
      formLabel="Judge template"
      fieldId="judge-template-text"
      promptName="Judge prompt"
      hint="{conversation}, {responses} (each text under its letter), {flags} and {letters} are filled in."
      rows={10}
    />
  );
}
