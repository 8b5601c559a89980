'use client';

import type { ReactNode } from 'react';
import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';
import { Button } from '@/components/ui/button';
import { Field, inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';

type Props = { projectId: string; action: (state: FormState, data: FormData) => Promise<FormState> };

/** Creates a study link; its URL (with the platform's placeholders) is shown once, for the lead to paste into the study. */
export function StudyLinkForm({ projectId, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const field = (name: string, label: string, input: Record<string, string> = {}, hint?: string): ReactNode => (
    <Field id={`study-${name}`} label={label} errors={state.errors?.[name]} {...(hint ? { hint } : {})}>
      <input
        id={`study-${name}`}
        name={name}
        aria-invalid={Boolean(state.errors?.[name])}
        aria-describedby={`study-${name}-error`}
        className={inputClass}
        {...input}
      />
    </Field>
  );
  return (
    <form {...formProps} className="grid gap-3 md:grid-cols-2" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      {field('name', 'Link name', { placeholder: 'Pilot, 50 participants' })}
      {field('platform', 'Platform', { defaultValue: 'Prolific' })}
      {field('pidParam', 'Participant id parameter', { defaultValue: 'PROLIFIC_PID' }, 'MTurk: workerId; CloudResearch: participantId')}
      {field('studyParam', 'Study id parameter (optional)', { defaultValue: 'STUDY_ID' })}
      {field('sessionParam', 'Session id parameter (optional)', { defaultValue: 'SESSION_ID' })}
      <Field id="study-quotaKind" label="Quota in" errors={state.errors?.quotaKind}>
        <select id="study-quotaKind" name="quotaKind" defaultValue="tasks" className={inputClass}>
          <option value="tasks">tasks submitted</option>
          <option value="minutes">minutes since entry</option>
        </select>
      </Field>
      {field('quota', 'Quota', { type: 'number', min: '1', defaultValue: '10' })}
      {field(
        'timeoutMinutes',
        'Session timeout (minutes)',
        { type: 'number', min: '1', defaultValue: '60' },
        'After this, unfinished work is released',
      )}
      {field('completionCode', 'Completion code', {})}
      {field(
        'completionUrl',
        'Completion URL (optional)',
        { type: 'url', placeholder: 'https://app.prolific.com/submissions/complete?cc=CODE' },
        'When set, participants at the quota are sent there instead of shown the code',
      )}
      {field('screenOutCode', 'Screen-out code (optional)', {})}
      {field('screeningGoldCount', 'Screening: first K gold items (optional)', { type: 'number', min: '1' })}
      {field('screeningMinAccuracy', 'Screening: minimum accuracy % (optional)', { type: 'number', min: '0', max: '100' })}
      <div className="flex flex-col gap-3 md:col-span-2">
        <FormMessage state={state} />
        {state.result?.link ? (
          <div className="flex flex-col gap-1">
            <label htmlFor="study-link-url" className="text-sm font-medium">
              Study URL (shown once)
            </label>
            <input
              id="study-link-url"
              readOnly
              value={state.result.link}
              className={`${inputClass} font-mono text-xs`}
              onFocus={(e) => e.currentTarget.select()}
            />
          </div>
        ) : null}
        <Button type="submit" disabled={pending}>
          Create study link
        </Button>
      </div>
    </form>
  );
}
