'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';
import type { AssistanceKind, TProjectSettings } from '@/lib/projects/settings';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

export const ASSISTANCE_KIND_LABEL: Record<AssistanceKind, string> = {
  CRITIQUE: 'Critique of a response',
  EXPLAIN: 'Explanation of a response',
  FACT_CHECK: 'Fact check of a highlighted claim',
  SUMMARY: 'Summary of a long response',
};

/**
 * The lead's assistance settings (issue 25): on or off (off by default), the connection the
 * assistant uses, the requests offered in the ranking screen's Assistant panel, and randomization
 * (assisted and unassisted arms per assignment, balanced per labeler, compared on the dashboard).
 */
export function AssistanceSettingsForm({
  projectId,
  settings,
  connections,
  action,
}: {
  projectId: string;
  settings: TProjectSettings['assistance'];
  connections: { id: string; name: string; model: string; shared: boolean }[];
  action: Action;
}) {
  const { state, pending, formProps } = useFormAction(action);
  const errors = state.errors ?? {};
  return (
    <form {...formProps} onReset={(e) => e.preventDefault()} className="flex max-w-3xl flex-col gap-4">
      <input type="hidden" name="projectId" value={projectId} />
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" name="enabled" defaultChecked={settings.enabled} className="accent-indigo-600" />
        Offer AI assistance while labeling
      </label>
      <Field
        id="as-connectionId"
        label="Assistant connection"
        errors={errors.connectionId}
        hint="The model connection that answers the labelers' requests; its concurrency and per-minute limits apply."
      >
        <select
          id="as-connectionId"
          name="connectionId"
          defaultValue={settings.connectionId ?? ''}
          className={inputClass}
          aria-invalid={Boolean(errors.connectionId) || undefined}
          aria-describedby="as-connectionId-error"
        >
          <option value="">No connection</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.model}
              {c.shared ? ', shared' : ''})
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="flex flex-col gap-1" aria-describedby="as-kinds-error">
        <legend className="mb-1 text-sm font-semibold text-slate-900">Requests offered in the ranking screen</legend>
        {(Object.keys(ASSISTANCE_KIND_LABEL) as AssistanceKind[]).map((kind) => (
          <label key={kind} className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="kinds" value={kind} defaultChecked={settings.kinds.includes(kind)} className="accent-indigo-600" />
            {ASSISTANCE_KIND_LABEL[kind]}
          </label>
        ))}
        <p className="text-xs text-slate-500">
          Detect trials in their assisted arm offer “ask for more” (a critique) when critiques are offered.
        </p>
        <div id="as-kinds-error" aria-live="polite">
          {errors.kinds?.map((e) => (
            <p key={e} className="text-sm text-red-700">
              {e}
            </p>
          ))}
        </div>
      </fieldset>
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input type="checkbox" name="randomize" defaultChecked={settings.randomize} className="mt-0.5 accent-indigo-600" />
        <span>
          Randomize per assignment: half of each labeler’s ranking tasks get the assistant, half do not (drawn when the task is first shown,
          in blocks of two), so the dashboard can compare the arms.
        </span>
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save assistance
        </Button>
        {state.message ? (
          <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
