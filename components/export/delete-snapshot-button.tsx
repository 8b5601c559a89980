'use client';

import { useState } from 'react';
import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = { projectId: string; snapshotId: string; label: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Delete, then a confirmation in place (the bytes are gone for good; trainers holding the download URL get 404). */
export function DeleteSnapshotButton({ projectId, snapshotId, label, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        aria-label={`Delete ${label}`}
        className="text-xs text-red-700 hover:underline"
      >
        Delete
      </button>
    );
  }
  return (
    <form {...formProps} className="inline-flex items-center gap-2" role="group" aria-label={`Confirm deleting ${label}`}>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="snapshotId" value={snapshotId} />
      <span className="text-xs text-slate-700">Delete for good?</span>
      <button type="submit" disabled={pending} className="text-xs font-medium text-red-700 hover:underline disabled:text-slate-400">
        {pending ? 'Deleting…' : 'Yes, delete'}
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="text-xs text-slate-600 hover:underline">
        Cancel
      </button>
      {state.message && !state.ok ? <span className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
