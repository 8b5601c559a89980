'use client';

import { useState } from 'react';
import type { FormState } from '@/lib/forms/form-state';
import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = { projectId?: string; connectionId: string; name: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Archive, then a confirmation in place: the connection leaves the lists for good; text generated through it keeps naming it. */
export function ArchiveConnectionButton({ projectId, connectionId, name, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button type="button" variant="danger" onClick={() => setConfirming(true)} aria-label={`Archive ${name}`}>
        Archive
      </Button>
    );
  }
  return (
    <form {...formProps} className="inline-flex items-center gap-2" role="group" aria-label={`Confirm archiving ${name}`}>
      {projectId ? <input type="hidden" name="projectId" value={projectId} /> : null}
      <input type="hidden" name="connectionId" value={connectionId} />
      <span className="text-xs text-slate-700">No longer usable. Archive?</span>
      <button type="submit" disabled={pending} className="text-xs font-medium text-red-700 hover:underline disabled:text-slate-400">
        {pending ? 'Archiving…' : 'Yes, archive'}
      </button>
      <button type="button" onClick={() => setConfirming(false)} className="text-xs text-slate-600 hover:underline">
        Cancel
      </button>
      {state.message && !state.ok ? <span className="text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
