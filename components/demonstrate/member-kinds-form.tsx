'use client';

import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';
import { MIX_KINDS } from '@/lib/demonstrations/schemas';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
const KIND_LABEL = { RANK: 'Rank', DEMONSTRATE: 'Demonstrate', PERTURB: 'Perturb', DETECT: 'Detect' } as const;

/** One member's task kinds: ticked kinds only, or every kind when none is ticked. */
export function MemberKindsForm({ projectId, member, action }: { projectId: string; member: { userId: string; name: string; kinds: string[] }; action: Action }) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} onReset={(e) => e.preventDefault()} className="flex flex-wrap items-center gap-4 py-2">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="userId" value={member.userId} />
      <fieldset className="flex flex-wrap items-center gap-4">
        <legend className="sr-only">Task kinds for {member.name}</legend>
        <span className="w-48 truncate text-sm font-medium text-slate-900">{member.name}</span>
        {MIX_KINDS.map((kind) => (
          <label key={kind} className="flex items-center gap-1.5 text-sm text-slate-800">
            <input type="checkbox" name="kinds" value={kind} defaultChecked={member.kinds.includes(kind)} aria-label={`${KIND_LABEL[kind]} for ${member.name}`} />
            {KIND_LABEL[kind]}
          </label>
        ))}
      </fieldset>
      <Button type="submit" variant="secondary" disabled={pending}>
        Save
      </Button>
      {state.message ? (
        <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
