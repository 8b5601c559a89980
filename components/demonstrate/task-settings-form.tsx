'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';
import type { TProjectSettings } from '@/lib/projects/settings';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** The lead's task mix (weights; 0 disables a kind) and the demonstrate, perturb and detect tasks' settings. */
export function TaskSettingsForm({ projectId, settings, action }: { projectId: string; settings: Pick<TProjectSettings, 'taskMix' | 'demonstrate' | 'perturb' | 'detect'>; action: Action }) {
  const { state, pending, formProps } = useFormAction(action);
  const errors = state.errors ?? {};
  const number = (name: string, label: string, value: number | string, hint?: string, step?: number) => (
    <Field id={`ts-${name}`} label={label} errors={errors[name]} {...(hint ? { hint } : {})}>
      <input id={`ts-${name}`} name={name} type="number" min={0} step={step} defaultValue={value} className={inputClass} aria-invalid={Boolean(errors[name]) || undefined} aria-describedby={`ts-${name}-error`} />
    </Field>
  );
  return (
    // Not reset after saving: the inputs keep the values just saved.
    <form {...formProps} onReset={(e) => e.preventDefault()} className="flex max-w-xl flex-col gap-4">
      <input type="hidden" name="projectId" value={projectId} />
      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Task mix (relative weights; 0 turns a kind off)</legend>
        {number('rankWeight', 'Rank', settings.taskMix.rank)}
        {number('demonstrateWeight', 'Demonstrate', settings.taskMix.demonstrate)}
        {number('perturbWeight', 'Perturb', settings.taskMix.perturb)}
        {number('detectWeight', 'Detect', settings.taskMix.detect)}
      </fieldset>
      <fieldset className="grid grid-cols-3 gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Demonstrations</legend>
        {number('minLength', 'Minimum length', settings.demonstrate.minLength, 'characters')}
        {number('maxLength', 'Maximum length', settings.demonstrate.maxLength, 'characters')}
        {number('overlap', 'Overlap', settings.demonstrate.overlap, 'per item')}
        <label className="col-span-3 flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="showResponses" defaultChecked={settings.demonstrate.showResponses} />
          Show the model responses for reference (without model names)
        </label>
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Perturbations (planted flaws)</legend>
        {number('perturbOverlap', 'Perturbations per item', settings.perturb.overlap, 'per item')}
        {number('perturbSourceMinLikert', 'Source rule: minimum mean Likert', settings.perturb.sourceMinLikert ?? '', 'for items with no marked source; empty: marked responses only', 0.1)}
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Detection trials</legend>
        {number('detectTrialsPerSource', 'Trials per perturbation', settings.detect.trialsPerSource, 'a multiple of 4', 4)}
        {number('detectMinSpanOverlapPercent', 'Minimum span overlap (%)', Math.round(settings.detect.minSpanOverlap * 100), 'of the planted span a highlight must cover')}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save
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
