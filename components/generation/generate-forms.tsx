'use client';

import { TemplateVersionForm } from '@/components/generation/template-version-form';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Connection = { id: string; name: string; model: string };

function ParamFields({ prefix, errors }: { prefix: string; errors?: Record<string, string[]> }) {
  return (
    <fieldset className="grid gap-3 sm:grid-cols-3">
      <legend className="mb-1 text-sm font-medium text-slate-800">Parameters (empty: the connection’s defaults)</legend>
      <Field id={`${prefix}-temperature`} label="Temperature" errors={errors?.temperature}>
        <input id={`${prefix}-temperature`} name="temperature" inputMode="decimal" className={inputClass} />
      </Field>
      <Field id={`${prefix}-max-tokens`} label="Max tokens" errors={errors?.max_tokens}>
        <input id={`${prefix}-max-tokens`} name="max_tokens" inputMode="numeric" className={inputClass} />
      </Field>
      <Field id={`${prefix}-seed`} label="Seed" errors={errors?.seed} hint="Sample k is sent seed + k.">
        <input id={`${prefix}-seed`} name="seed" inputMode="numeric" className={inputClass} />
      </Field>
    </fieldset>
  );
}

/** "Generate responses": which prompts, which connections, K samples each, parameters. */
export function GenerateResponsesForm({
  projectId,
  connections,
  action,
}: {
  projectId: string;
  connections: Connection[];
  action: Action;
}) {
  const { formProps, pending, state } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-4" aria-label="Generate responses">
      <input type="hidden" name="projectId" value={projectId} />
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium text-slate-800">Connections</legend>
        {connections.map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="connectionIds" value={c.id} defaultChecked={connections.length === 1} />
            {c.name} <span className="text-slate-500">({c.model})</span>
          </label>
        ))}
        <p aria-live="polite" className="text-sm text-red-700">
          {state.errors?.connectionIds?.join(' ')}
        </p>
      </fieldset>
      <Field id="gen-prompts" label="Prompts" errors={state.errors?.prompts}>
        <select id="gen-prompts" name="prompts" className={inputClass} defaultValue="awaiting">
          <option value="awaiting">Prompts without responses (a prompt-only import)</option>
          <option value="all">Every item (items that have responses get a new copy)</option>
          <option value="filter">Items whose text contains…</option>
        </select>
      </Field>
      <Field id="gen-q" label="Text to look for (with “Items whose text contains”)" errors={state.errors?.q}>
        <input id="gen-q" name="q" className={inputClass} />
      </Field>
      <Field id="gen-samples" label="Samples per prompt from each connection" errors={state.errors?.samples}>
        <input id="gen-samples" name="samples" type="number" min={1} max={9} defaultValue={2} className={inputClass} />
      </Field>
      <ParamFields prefix="gen" errors={state.errors} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Generate responses
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/** "Generate critiques": which texts, one connection, N critiques each, parameters; the template below. */
export function GenerateCritiquesForm({
  projectId,
  connections,
  action,
}: {
  projectId: string;
  connections: Connection[];
  action: Action;
}) {
  const { formProps, pending, state } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-4" aria-label="Generate critiques">
      <input type="hidden" name="projectId" value={projectId} />
      <Field id="crit-connection" label="Connection" errors={state.errors?.connectionId}>
        <select id="crit-connection" name="connectionId" className={inputClass}>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.model})
            </option>
          ))}
        </select>
      </Field>
      <Field id="crit-responses" label="Responses to critique" errors={state.errors?.responses}>
        <select id="crit-responses" name="responses" className={inputClass} defaultValue="none">
          <option value="none">None</option>
          <option value="all">Every response</option>
          <option value="sources">Responses marked as perturb sources</option>
        </select>
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="perturbations" defaultChecked /> Both texts of every accepted perturbation (the original and the flawed
        one)
      </label>
      <Field id="crit-samples" label="Critiques per text" errors={state.errors?.samples}>
        <input id="crit-samples" name="samples" type="number" min={1} max={20} defaultValue={1} className={inputClass} />
      </Field>
      <ParamFields prefix="crit" errors={state.errors} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Generate critiques
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

/** The critique prompt template: saving makes a new version (critiques record theirs). */
export function CritiqueTemplateForm(props: { projectId: string; text: string; version: number; action: Action }) {
  return (
    <TemplateVersionForm
      {...props}
      formLabel="Critique template"
      fieldId="crit-template"
      promptName="Critique prompt"
      hint="{conversation} and {answer} are filled in; a template naming neither gets both appended."
      rows={4}
    />
  );
}
