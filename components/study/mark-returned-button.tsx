'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = { projectId: string; participantId: string; pid: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Marks a participant returned (they returned the submission on the platform): their live work is released now. */
export function MarkReturnedButton({ projectId, participantId, pid, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps}>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="participantId" value={participantId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Mark ${pid} returned`}
        className="text-xs text-red-700 hover:underline disabled:text-slate-400"
      >
        Mark returned
      </button>
      {state.message && !state.ok ? <span className="ml-2 text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
