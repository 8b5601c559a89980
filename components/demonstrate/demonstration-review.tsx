'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

function Message({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <p role={state.ok ? 'status' : 'alert'} className={`text-sm ${state.ok ? 'text-emerald-800' : 'text-red-700'}`}>
      {state.message}
    </p>
  );
}

/** A lead's review of one demonstration: accept, reject with a reason, or edit its text. */
export function DemonstrationReview({ projectId, demonstrationId, text, review }: { projectId: string; demonstrationId: string; text: string; review: Action }) {
  const id = useId();
  const accept = useFormAction(review);
  const reject = useFormAction(review);
  const edit = useFormAction(review);
  const [editing, setEditing] = useState(false);
  const hidden = (
    <>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="demonstrationId" value={demonstrationId} />
    </>
  );
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start gap-4">
        <form {...accept.formProps}>
          {hidden}
          <input type="hidden" name="action" value="accept" />
          <Button type="submit" disabled={accept.pending}>
            Accept
          </Button>
          <Message state={accept.state} />
        </form>
        <form {...reject.formProps} className="flex flex-wrap items-end gap-2">
          {hidden}
          <input type="hidden" name="action" value="reject" />
          <Field id={`${id}-reason`} label="Reason for rejecting" errors={reject.state.errors?.note}>
            <input id={`${id}-reason`} name="note" className={inputClass} aria-describedby={`${id}-reason-error`} aria-invalid={Boolean(reject.state.errors?.note) || undefined} />
          </Field>
          <Button type="submit" variant="danger" disabled={reject.pending}>
            Reject
          </Button>
          <Message state={reject.state} />
        </form>
        <Button type="button" variant="secondary" onClick={() => setEditing((v) => !v)} aria-expanded={editing}>
          {editing ? 'Close editor' : 'Edit'}
        </Button>
      </div>
      {editing && (
        <form {...edit.formProps} className="flex flex-col gap-2">
          {hidden}
          <input type="hidden" name="action" value="edit" />
          <Field id={`${id}-text`} label="Edited text (the labeler's original is kept)" errors={edit.state.errors?.text}>
            <textarea id={`${id}-text`} name="text" defaultValue={text} rows={8} className={`${inputClass} font-mono`} />
          </Field>
          <div>
            <Button type="submit" disabled={edit.pending}>
              Save edit
            </Button>
          </div>
          <Message state={edit.state} />
        </form>
      )}
    </div>
  );
}
