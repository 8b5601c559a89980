'use client';

import { useActionState } from 'react';
import type { ConnectionTestState } from '@/lib/models/schemas';
import { Button } from '@/components/ui/button';
import { ConnectionTestResult } from '@/components/models/connection-test-result';

type Props = {
  projectId?: string;
  connectionId: string;
  name: string;
  action: (state: ConnectionTestState, data: FormData) => Promise<ConnectionTestState>;
};

/** Sends the saved connection's test request and shows the answer or the exact error under it. */
export function TestConnectionButton({ projectId, connectionId, name, action }: Props) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <div className="flex flex-col gap-2">
      <form action={formAction}>
        {projectId ? <input type="hidden" name="projectId" value={projectId} /> : null}
        <input type="hidden" name="connectionId" value={connectionId} />
        <Button type="submit" variant="secondary" disabled={pending} aria-label={`Test ${name}`}>
          {pending ? 'Testing…' : 'Test'}
        </Button>
      </form>
      <div aria-live="polite">
        {state.test ? <ConnectionTestResult outcome={state.test} label={`Test of ${name}`} /> : null}
        {!state.test && state.message ? <p className="text-sm text-red-700">{state.message}</p> : null}
      </div>
    </div>
  );
}
