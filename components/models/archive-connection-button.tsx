'use client';

import type { FormState } from '@/lib/forms/form-state';
import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = { projectId?: string; connectionId: string; name: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Archives after a confirmation: the connection leaves the lists, generated text keeps naming it. */
export function ArchiveConnectionButton({ projectId, connectionId, name, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form
      {...formProps}
      onSubmit={(event) => {
        if (!window.confirm(`Archive “${name}”? It can no longer be used; text generated through it keeps naming it.`)) {
          event.preventDefault();
          return;
        }
        formProps.onSubmit(event);
      }}
    >
      {projectId ? <input type="hidden" name="projectId" value={projectId} /> : null}
      <input type="hidden" name="connectionId" value={connectionId} />
      <Button type="submit" variant="danger" disabled={pending} aria-label={`Archive ${name}`}>
        Archive
      </Button>
      {state.message && !state.ok ? <span className="ml-2 text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
