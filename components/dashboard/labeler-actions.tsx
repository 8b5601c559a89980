'use client';

import { useState } from 'react';
import { useFormAction } from '@/components/ui/use-form-action';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Props = {
  projectId: string;
  userId: string;
  name: string;
  paused: boolean;
  excluded: boolean;
  setPaused: Action;
  setExcluded: Action;
};

const buttonClass =
  'rounded-md border px-2 py-1 text-xs font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 disabled:opacity-50';
const neutral = `${buttonClass} border-slate-300 bg-white text-slate-800 hover:bg-slate-50`;
const danger = `${buttonClass} border-red-300 bg-white text-red-700 hover:bg-red-50`;

/**
 * Pause / resume and exclude / include for one labeler. Excluding changes every statistic and
 * export, so it asks first; the other three are one click (each is undone by the opposite one).
 */
export function LabelerActions({ projectId, userId, name, paused, excluded, setPaused, setExcluded }: Props) {
  const pause = useFormAction(setPaused);
  const exclude = useFormAction(setExcluded);
  const [confirming, setConfirming] = useState(false);
  const failure = [pause.state, exclude.state].find((s) => s.message && !s.ok)?.message;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap justify-end gap-1">
        <form {...pause.formProps}>
          <input type="hidden" name="projectId" value={projectId} />
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="paused" value={paused ? 'false' : 'true'} />
          <button type="submit" disabled={pause.pending} aria-label={`${paused ? 'Resume' : 'Pause'} ${name}`} className={neutral}>
            {paused ? 'Resume' : 'Pause'}
          </button>
        </form>
        {excluded ? (
          <form {...exclude.formProps}>
            <input type="hidden" name="projectId" value={projectId} />
            <input type="hidden" name="userId" value={userId} />
            <input type="hidden" name="excluded" value="false" />
            <button type="submit" disabled={exclude.pending} aria-label={`Include ${name}'s labels again`} className={neutral}>
              Include
            </button>
          </form>
        ) : confirming ? null : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Exclude ${name}'s labels`} className={danger}>
            Exclude
          </button>
        )}
      </div>
      {!excluded && confirming ? (
        <form
          {...exclude.formProps}
          onSubmit={(event) => {
            exclude.formProps.onSubmit(event);
            setConfirming(false);
          }}
          role="group"
          aria-label={`Confirm excluding ${name}`}
          className="flex max-w-64 flex-col items-end gap-1 rounded-md border border-red-200 bg-red-50 p-2 text-right"
        >
          <p className="text-xs text-red-900">
            Leave all of {name}&apos;s labels out of statistics and exports? You can include them again later.
          </p>
          <input type="hidden" name="projectId" value={projectId} />
          <input type="hidden" name="userId" value={userId} />
          <input type="hidden" name="excluded" value="true" />
          <div className="flex gap-1">
            <button type="button" onClick={() => setConfirming(false)} className={neutral}>
              Cancel
            </button>
            <button type="submit" disabled={exclude.pending} className={danger} autoFocus>
              Exclude labels
            </button>
          </div>
        </form>
      ) : null}
      <div aria-live="polite" className="text-xs text-red-700">
        {failure ?? null}
      </div>
    </div>
  );
}
