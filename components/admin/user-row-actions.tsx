'use client';

import { useActionState } from 'react';
import { ROLES, type TRole } from '@/lib/auth/schemas';
import { EMPTY_FORM_STATE, type FormState } from '@/lib/forms/form-state';
import { Button } from '@/components/ui/button';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Props = { user: { id: string; email: string; role: TRole; active: boolean }; isSelf: boolean; setRole: Action; setActive: Action };

export function UserRowActions({ user, isSelf, setRole, setActive }: Props) {
  const [roleState, roleAction, rolePending] = useActionState(setRole, EMPTY_FORM_STATE);
  const [activeState, activeAction, activePending] = useActionState(setActive, EMPTY_FORM_STATE);
  const message = roleState.message ?? activeState.message;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-2">
        <form action={roleAction} className="flex items-center gap-2">
          <input type="hidden" name="userId" value={user.id} />
          <label className="sr-only" htmlFor={`role-${user.id}`}>
            Role of {user.email}
          </label>
          <select
            id={`role-${user.id}`}
            name="role"
            defaultValue={user.role}
            className="rounded-md border border-slate-300 px-2 py-1 text-sm"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <Button type="submit" variant="secondary" disabled={rolePending} aria-label={`Save role of ${user.email}`}>
            Save
          </Button>
        </form>
        <form action={activeAction}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="active" value={user.active ? 'false' : 'true'} />
          <Button
            type="submit"
            variant={user.active ? 'danger' : 'secondary'}
            disabled={activePending || isSelf}
            aria-label={`${user.active ? 'Deactivate' : 'Reactivate'} ${user.email}`}
          >
            {user.active ? 'Deactivate' : 'Reactivate'}
          </Button>
        </form>
        {!user.active ? <span className="text-xs font-medium text-slate-500">deactivated</span> : null}
      </div>
      {message ? (
        <p
          aria-live="polite"
          className={roleState.ok === false || activeState.ok === false ? 'text-xs text-red-700' : 'text-xs text-emerald-700'}
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}
