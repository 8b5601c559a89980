'use client';

import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/** Cancel (a queued or running job) or Resume (a cancelled or ended one), as the job's status allows. */
export function JobButtons(props: { projectId: string; jobId: string; status: string; cancel: Action; resume: Action }) {
  const cancel = useFormAction(props.cancel);
  const resume = useFormAction(props.resume);
  const open = props.status === 'QUEUED' || props.status === 'RUNNING';
  const { formProps, pending, state } = open ? cancel : resume;
  return (
    <form {...formProps} className="flex items-center gap-3">
      <input type="hidden" name="projectId" value={props.projectId} />
      <input type="hidden" name="jobId" value={props.jobId} />
      <Button type="submit" variant={open ? 'secondary' : 'primary'} disabled={pending}>
        {open ? 'Cancel job' : 'Resume job'}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
