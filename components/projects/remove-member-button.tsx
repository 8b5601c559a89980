'use client';

import { useActionState } from 'react';
import { EMPTY_FORM_STATE, type FormState } from '@/lib/forms/form-state';

type Props = { projectId: string; userId: string; email: string; action: (state: FormState, data: FormData) => Promise<FormState> };

export function RemoveMemberButton({ projectId, userId, email, action }: Props) {
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM_STATE);
  return (
    <form action={formAction}>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" disabled={pending} aria-label={`Remove ${email}`} className="text-xs text-red-700 hover:underline disabled:text-slate-400">
        Remove
      </button>
      {state.message && !state.ok ? <span className="ml-2 text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
