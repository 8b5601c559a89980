'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = { projectId: string; action: (state: FormState, data: FormData) => Promise<FormState> };

export function RemoveWebhookButton({ projectId, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps}>
      <input type="hidden" name="projectId" value={projectId} />
      <button type="submit" disabled={pending} className="text-xs text-red-700 hover:underline disabled:text-slate-400">
        Remove webhook
      </button>
      {state.message && !state.ok ? <span className="ml-2 text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
