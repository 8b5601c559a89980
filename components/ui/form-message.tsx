import type { FormState } from '@/lib/forms/form-state';

/** The one-line outcome of a form, announced to screen readers. */
export function FormMessage({ state }: { state: FormState }) {
  if (!state.message) return <div aria-live="polite" />;
  return (
    <div aria-live="polite">
      <p role="status" className={state.ok ? 'text-sm text-emerald-700' : 'text-sm text-red-700'}>
        {state.message}
      </p>
    </div>
  );
}
