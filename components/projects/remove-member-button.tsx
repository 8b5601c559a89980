'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = { projectId: string; userId: string; email: string; action: (state: FormState, data: FormData) => Promise<FormState> };

export function RemoveMemberButton({ projectId, userId, email, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps}>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="userId" value={userId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Remove ${email}`}
        className="text-xs text-red-700 hover:underline disabled:text-slate-400"
      >
        Remove
      </button>
      {state.message && !state.ok ? <span className="ml-2 text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
