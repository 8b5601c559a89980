'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = {
  projectId: string;
  linkId: string;
  name: string;
  open: boolean;
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

/** Closes a study link to new participants, or opens it again. */
export function StudyLinkOpenButton({ projectId, linkId, name, open, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="mb-2">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="linkId" value={linkId} />
      <input type="hidden" name="open" value={open ? 'false' : 'true'} />
      <button
        type="submit"
        disabled={pending}
        aria-label={open ? `Close ${name} to new participants` : `Open ${name} to new participants`}
        className="text-xs text-indigo-700 hover:underline disabled:text-slate-400"
      >
        {open ? 'Close to new participants' : 'Open to new participants'}
      </button>
      {state.message ? <span className={`ml-2 text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>{state.message}</span> : null}
    </form>
  );
}
