'use client';

import type { FormState } from '@/lib/forms/form-state';
import { useFormAction } from '@/components/ui/use-form-action';

type Props = {
  tokenId: string;
  /** Names the token for screen readers, e.g. `ci (pl_AbC123…)`. */ label: string;
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

export function RevokeTokenButton({ tokenId, label, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  return (
    <form {...formProps}>
      <input type="hidden" name="tokenId" value={tokenId} />
      <button
        type="submit"
        disabled={pending}
        aria-label={`Revoke ${label}`}
        className="text-xs text-red-700 hover:underline disabled:text-slate-400"
      >
        Revoke
      </button>
      {state.message && !state.ok ? <span className="ml-2 text-xs text-red-700">{state.message}</span> : null}
    </form>
  );
}
