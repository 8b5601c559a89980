'use client';

import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import { DEFAULT_ASPECTS, MAX_ASPECTS, type TAspectSettings } from '@/lib/aspects/schemas';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;

/**
 * The lead's aspects (issue 27): on or off, and up to eight names with a description each (a blank
 * row is no aspect). Labels already given keep the aspect name and description they were given under.
 */
export function AspectSettingsForm({ projectId, settings, action }: { projectId: string; settings: TAspectSettings; action: Action }) {
  const { state, pending, formProps } = useFormAction(action);
  const errors = state.errors ?? {};
  const rows = [...settings.list, ...Array.from({ length: Math.max(0, MAX_ASPECTS - settings.list.length) }, () => null)].slice(
    0,
    MAX_ASPECTS,
  );
  const fieldError = (key: string) =>
    errors[key]?.map((e) => (
      <p key={e} id={`aspect-${key}-error`} className="text-sm text-red-700">
        {e}
      </p>
    ));
  return (
    <form {...formProps} onReset={(e) => e.preventDefault()} className="flex max-w-3xl flex-col gap-3">
      <input type="hidden" name="projectId" value={projectId} />
      <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
        <input type="checkbox" name="enabled" defaultChecked={settings.enabled} aria-describedby="aspect-enabled-error" />
        Ask for aspects after the overall ranking (each: &ldquo;same as overall&rdquo; or an own ranking)
      </label>
      {fieldError('enabled')}
      <p className="text-xs text-slate-600">
        Defaults offered: {DEFAULT_ASPECTS.map((a) => a.name).join(', ')}. Names are lower-case (they name the export option{' '}
        <code>--aspect NAME</code>); rankings already given keep the name and description they were given under.
      </p>
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Aspects</caption>
        <thead>
          <tr className="text-xs text-slate-500 uppercase">
            <th scope="col" className="w-48 py-1 pr-2 font-semibold">
              Name
            </th>
            <th scope="col" className="py-1 font-semibold">
              Description shown to labelers
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} className="align-top">
              <td className="py-1 pr-2">
                <input
                  name="name"
                  aria-label={`Aspect ${i + 1} name`}
                  defaultValue={row?.name ?? ''}
                  className={`${inputClass} w-full`}
                  aria-invalid={Boolean(errors[`name_${i}`]) || undefined}
                />
                {fieldError(`name_${i}`)}
              </td>
              <td className="py-1">
                <input
                  name="description"
                  aria-label={`Aspect ${i + 1} description`}
                  defaultValue={row?.description ?? ''}
                  className={`${inputClass} w-full`}
                  aria-invalid={Boolean(errors[`description_${i}`]) || undefined}
                />
                {fieldError(`description_${i}`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {fieldError('form')}
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={pending}>
          Save aspects
        </Button>
        <FormMessage state={state} />
      </div>
    </form>
  );
}
