'use client';

import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';
import { PROFICIENCIES, PROFICIENCY_LABEL, type TProficiency } from '@/lib/pool/schemas';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Requirement = { requiredLanguage: string | null; requiredProficiency: TProficiency | null; requiredExpertise: string | null };

/** Language (with minimum proficiency) and expertise inputs of a routing requirement. */
function RequirementFields({
  value,
  errors,
  prefix,
  stacked = false,
}: {
  value: Requirement;
  errors: FormState['errors'];
  prefix: string;
  stacked?: boolean;
}) {
  return (
    <div className={stacked ? 'grid gap-3' : 'grid gap-3 sm:grid-cols-3'}>
      <Field id={`${prefix}-language`} label="Required language" hint="Empty: any." errors={errors?.requiredLanguage}>
        <input
          id={`${prefix}-language`}
          name="requiredLanguage"
          defaultValue={value.requiredLanguage ?? ''}
          className={inputClass}
          maxLength={60}
          aria-describedby={`${prefix}-language-error`}
        />
      </Field>
      <Field id={`${prefix}-proficiency`} label="At least" errors={errors?.requiredProficiency}>
        <select
          id={`${prefix}-proficiency`}
          name="requiredProficiency"
          defaultValue={value.requiredProficiency ?? ''}
          className={inputClass}
          aria-describedby={`${prefix}-proficiency-error`}
        >
          <option value="">Working (default)</option>
          {PROFICIENCIES.map((p) => (
            <option key={p} value={p}>
              {PROFICIENCY_LABEL[p]}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${prefix}-expertise`} label="Required expertise" hint="Empty: any." errors={errors?.requiredExpertise}>
        <input
          id={`${prefix}-expertise`}
          name="requiredExpertise"
          defaultValue={value.requiredExpertise ?? ''}
          className={inputClass}
          maxLength={60}
          aria-describedby={`${prefix}-expertise-error`}
        />
      </Field>
    </div>
  );
}

export function PoolSettingsForm({
  projectId,
  settings,
  action,
}: {
  projectId: string;
  settings: Requirement & { minGroupSize: number; speedFloorSeconds: number; exportGroupAttributes: boolean };
  action: Action;
}) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-4" aria-label="Pool settings">
      <input type="hidden" name="projectId" value={projectId} />
      <p className="text-sm text-slate-600">A project requirement applies to every item, on top of an item&apos;s own.</p>
      <RequirementFields value={settings} errors={state.errors} prefix="project" />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="minGroupSize"
          label="Minimum group size"
          hint="Smaller groups are hidden from group statistics and exports."
          errors={state.errors?.minGroupSize}
        >
          <input
            id="minGroupSize"
            name="minGroupSize"
            type="number"
            min={2}
            max={1000}
            defaultValue={settings.minGroupSize}
            className={inputClass}
            aria-describedby="minGroupSize-error"
          />
        </Field>
        <Field
          id="speedFloorSeconds"
          label="Speed floor (seconds per ranking)"
          hint="Or 5 ms per character of the responses, whichever is higher."
          errors={state.errors?.speedFloorSeconds}
        >
          <input
            id="speedFloorSeconds"
            name="speedFloorSeconds"
            type="number"
            min={0}
            max={3600}
            defaultValue={settings.speedFloorSeconds}
            className={inputClass}
            aria-describedby="speedFloorSeconds-error"
          />
        </Field>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="exportGroupAttributes" defaultChecked={settings.exportGroupAttributes} className="mt-1" />
        <span>Add labelers&apos; group attributes to exports (pseudonymous; only attributes whose group meets the minimum size).</span>
      </label>
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save pool settings
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function ItemRequirementsForm({
  projectId,
  itemId,
  value,
  action,
}: {
  projectId: string;
  itemId: string;
  value: Requirement;
  action: Action;
}) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-3" aria-label="Item routing">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="itemId" value={itemId} />
      <RequirementFields value={value} errors={state.errors} prefix="item" stacked />
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          Save routing
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function ProfileFieldForm({ projectId, action }: { projectId: string; action: Action }) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-3" aria-label="Add a profile field">
      <input type="hidden" name="projectId" value={projectId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="field-key" label="Key" hint="Lower-case letters, digits, _ (e.g. team)." errors={state.errors?.key}>
          <input id="field-key" name="key" required maxLength={40} className={inputClass} aria-describedby="field-key-error" />
        </Field>
        <Field id="field-label" label="Question shown to labelers" errors={state.errors?.label}>
          <input id="field-label" name="label" required maxLength={80} className={inputClass} aria-describedby="field-label-error" />
        </Field>
        <Field id="field-type" label="Type" errors={state.errors?.type}>
          <select id="field-type" name="type" defaultValue="TEXT" className={inputClass} aria-describedby="field-type-error">
            <option value="TEXT">Text</option>
            <option value="SELECT">Select</option>
          </select>
        </Field>
        <Field id="field-options" label="Options (select only)" hint="Comma-separated." errors={state.errors?.options}>
          <input id="field-options" name="options" className={inputClass} aria-describedby="field-options-error" />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary" disabled={pending}>
          Save field
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}

export function DeleteProfileFieldButton({
  projectId,
  fieldId,
  label,
  action,
}: {
  projectId: string;
  fieldId: string;
  label: string;
  action: Action;
}) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="inline-flex items-center gap-2">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="fieldId" value={fieldId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Delete field ${label}`}
        className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50"
      >
        Delete
      </button>
      {state.message && !state.ok ? <span className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
