'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import { MIX_KINDS } from '@/lib/projects/schemas';
import type { FormState } from '@/lib/forms/form-state';
import type { TProjectSettings } from '@/lib/projects/settings';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Member = { userId: string; name: string; kinds: string[] };
const KIND_LABEL = { RANK: 'Rank', DEMONSTRATE: 'Demonstrate', PERTURB: 'Perturb', DETECT: 'Detect', CHAT: 'Chat' } as const;

/**
 * The lead's task settings in one form with one Save (issue 17): the task mix (weights; 0
 * disables a kind), the gold rate, the demonstrate, perturb and detect settings, and each
 * member's task kinds.
 */
export function TaskSettingsForm({
  projectId,
  settings,
  members,
  action,
}: {
  projectId: string;
  settings: Pick<TProjectSettings, 'taskMix' | 'goldRate' | 'demonstrate' | 'perturb' | 'detect'>;
  members: Member[];
  action: Action;
}) {
  const { state, pending, formProps } = useFormAction(action);
  const errors = state.errors ?? {};
  const number = (name: string, label: string, value: number | string, hint?: string, step?: number) => (
    <Field id={`ts-${name}`} label={label} errors={errors[name]} {...(hint ? { hint } : {})}>
      <input
        id={`ts-${name}`}
        name={name}
        type="number"
        min={0}
        step={step}
        defaultValue={value}
        className={inputClass}
        aria-invalid={Boolean(errors[name]) || undefined}
        aria-describedby={`ts-${name}-error`}
      />
    </Field>
  );
  return (
    // Not reset after saving: the inputs keep the values just saved.
    <form {...formProps} onReset={(e) => e.preventDefault()} className="flex max-w-3xl flex-col gap-4">
      <input type="hidden" name="projectId" value={projectId} />
      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Task mix (relative weights; 0 turns a kind off)</legend>
        {number('rankWeight', 'Rank', settings.taskMix.rank)}
        {number('demonstrateWeight', 'Demonstrate', settings.taskMix.demonstrate)}
        {number('perturbWeight', 'Perturb', settings.taskMix.perturb)}
        {number('detectWeight', 'Detect', settings.taskMix.detect)}
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Gold items</legend>
        {number(
          'goldRatePercent',
          'Gold rate (%)',
          Math.round(settings.goldRate * 1000) / 10,
          'share of ranking claims that prefer an open gold item; default 10 %',
          0.1,
        )}
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
        {number(
          'perturbSourceMinLikert',
          'Source rule: minimum mean Likert',
          settings.perturb.sourceMinLikert ?? '',
          'for items with no marked source; empty: marked responses only',
          0.1,
        )}
      </fieldset>
      <fieldset className="grid grid-cols-2 gap-3">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Detection trials</legend>
        {number('detectTrialsPerSource', 'Trials per perturbation', settings.detect.trialsPerSource, 'a multiple of 4', 4)}
        {number(
          'detectMinSpanOverlapPercent',
          'Minimum span overlap (%)',
          Math.round(settings.detect.minSpanOverlap * 100),
          'of the planted span a highlight must cover',
        )}
      </fieldset>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-2 text-sm font-semibold text-slate-900">Task kinds per member</legend>
        <p className="text-sm text-slate-600">
          Tick the kinds a member may be given; with none ticked, they get every kind the mix enables.
        </p>
        {members.length === 0 ? <p className="text-sm text-slate-700">No members yet.</p> : null}
        <div className="flex flex-col divide-y divide-slate-100">
          {members.map((m) => (
            <div key={m.userId} role="group" aria-label={`Task kinds for ${m.name}`} className="flex flex-wrap items-center gap-4 py-2">
              <input type="hidden" name="member" value={m.userId} />
              <span className="w-48 truncate text-sm font-medium text-slate-900">{m.name}</span>
              {MIX_KINDS.map((kind) => (
                <label key={kind} className="flex items-center gap-1.5 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    name={`kinds:${m.userId}`}
                    value={kind}
                    defaultChecked={m.kinds.includes(kind)}
                    aria-label={`${KIND_LABEL[kind]} for ${m.name}`}
                  />
                  {KIND_LABEL[kind]}
                </label>
              ))}
            </div>
          ))}
        </div>
      </fieldset>
      <div className="sticky bottom-0 flex items-center gap-3 border-t border-slate-200 bg-white py-3">
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
