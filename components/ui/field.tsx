import type { ReactNode } from 'react';

type FieldProps = {
  id: string;
  label: string;
  errors?: string[] | undefined;
  hint?: string;
  children: ReactNode;
};

/** A labelled form control with its errors announced next to it. */
export function Field({ id, label, errors, hint, children }: FieldProps) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <div id={`${id}-error`} aria-live="polite" className="min-h-0">
        {errors?.map((e) => (
          <p key={e} className="text-sm text-red-700">
            {e}
          </p>
        ))}
      </div>
    </div>
  );
}

export const inputClass =
  'rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200 aria-[invalid=true]:border-red-500';
