'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { AcceptRejectForms, HiddenFields, ReviewMessage, type ReviewAction } from '@/components/ui/review-forms';
import { useFormAction } from '@/components/ui/use-form-action';

/** A lead's review of one demonstration: accept, reject with a reason, or edit its text. */
export function DemonstrationReview({
  projectId,
  demonstrationId,
  text,
  review,
}: {
  projectId: string;
  demonstrationId: string;
  text: string;
  review: ReviewAction;
}) {
  const id = useId();
  const edit = useFormAction(review);
  const [editing, setEditing] = useState(false);
  const fields = { projectId, demonstrationId };
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-start gap-4">
        <AcceptRejectForms fields={fields} review={review} />
        <Button type="button" variant="secondary" onClick={() => setEditing((v) => !v)} aria-expanded={editing}>
          {editing ? 'Close editor' : 'Edit'}
        </Button>
      </div>
      {editing && (
        <form {...edit.formProps} className="flex flex-col gap-2">
          <HiddenFields fields={fields} />
          <input type="hidden" name="action" value="edit" />
          <Field id={`${id}-text`} label="Edited text (the labeler's original is kept)" errors={edit.state.errors?.text}>
            <textarea id={`${id}-text`} name="text" defaultValue={text} rows={8} className={`${inputClass} font-mono`} />
          </Field>
          <div>
            <Button type="submit" disabled={edit.pending}>
              Save edit
            </Button>
          </div>
          <ReviewMessage state={edit.state} />
        </form>
      )}
    </div>
  );
}
