'use client';

import { Button } from '@/components/ui/button';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** Marks or unmarks one response as a source to plant flaws in (a lead's toggle on the item page). */
export function SourceToggle({
  projectId,
  responseId,
  name,
  marked,
  action,
}: {
  projectId: string;
  responseId: string;
  name: string;
  marked: boolean;
  action: Action;
}) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps} className="flex flex-col gap-1">
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="responseId" value={responseId} />
      <input type="hidden" name="source" value={marked ? 'off' : 'on'} />
      <Button
        type="submit"
        variant="secondary"
        disabled={pending}
        aria-label={marked ? `Unmark as source: ${name}` : `Mark as source: ${name}`}
      >
        {marked ? 'Unmark' : 'Mark as source'}
      </Button>
      {state.message && !state.ok ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
