'use client';

import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** "Recompute now": the live project's dataset health, on demand (it reads every label, so it is not redone on each submit). */
export function RecomputeHealthButton({ projectId, format, action }: { projectId: string; format: string; action: Action }) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="format" value={format} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-50"
      >
        {pending ? 'Recomputing…' : 'Recompute dataset health'}
      </button>
      <FormMessage state={state} />
    </form>
  );
}
