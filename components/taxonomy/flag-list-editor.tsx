'use client';

import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { LIST_NAMES, type FlagRow } from '@/components/taxonomy/flag-rows';
import { flagKeyFromLabel, MAX_FLAGS, type TFlagListName } from '@/lib/taxonomy/schemas';

type Props = {
  list: TFlagListName;
  rows: FlagRow[];
  /** Server errors of one field of a row, already mapped from the submitted order. */
  errorsOf: (uid: string, field: 'key' | 'label' | 'description') => string[] | undefined;
  listErrors: string[] | undefined;
  onEdit: (uid: string, field: 'label' | 'description', value: string) => void;
  onMove: (uid: string, by: -1 | 1) => void;
  onRemove: (uid: string) => void;
  onAdd: () => void;
};

export const fieldId = (list: TFlagListName, uid: string, field: string) => `${list}-${uid}-${field}`;
export const addButtonId = (list: TFlagListName) => `${list}-add`;

function Errors({ id, errors }: { id: string; errors: string[] | undefined }) {
  return (
    <div id={id} aria-live="polite">
      {errors?.map((e) => (
        <p key={e} className="text-sm text-red-700">
          {e}
        </p>
      ))}
    </div>
  );
}

/**
 * One list of flags as rows of inputs named `<list>.<index>.<field>` in the order shown, so the
 * form posts them in that order. The key of a flag that existed before is posted unchanged.
 */
export function FlagListEditor({ list, rows, errorsOf, listErrors, onEdit, onMove, onRemove, onAdd }: Props) {
  const { title, one, hint } = LIST_NAMES[list];
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-base font-semibold text-slate-900">
        {title} ({rows.length})
      </legend>
      <p className="text-sm text-slate-600">{hint}</p>
      {rows.length > 0 ? (
        <div
          aria-hidden
          className="hidden gap-3 text-xs font-medium uppercase text-slate-500 sm:grid sm:grid-cols-[2rem_minmax(0,2fr)_minmax(0,3fr)_11rem]"
        >
          <span>#</span>
          <span>Label</span>
          <span>Description</span>
          <span />
        </div>
      ) : (
        <p className="text-sm text-slate-700">No {one}s.</p>
      )}
      <ol className="flex flex-col">
        {rows.map((row, i) => {
          const n = i + 1;
          const labelId = fieldId(list, row.uid, 'label');
          const descriptionId = fieldId(list, row.uid, 'description');
          const keyId = fieldId(list, row.uid, 'key');
          const labelErrors = errorsOf(row.uid, 'label');
          const keyErrors = errorsOf(row.uid, 'key');
          const descriptionErrors = errorsOf(row.uid, 'description');
          const key = row.key || flagKeyFromLabel(row.label);
          return (
            <li
              key={row.uid}
              className="grid gap-3 border-t border-slate-100 py-3 sm:grid-cols-[2rem_minmax(0,2fr)_minmax(0,3fr)_11rem] sm:items-start"
            >
              <span aria-hidden className="pt-2 text-sm tabular-nums text-slate-500">
                {n}.
              </span>
              <input type="hidden" name={`${list}.${i}.key`} value={row.key} />
              <div className="flex flex-col gap-1">
                <label htmlFor={labelId} className="sr-only">
                  Label of {one} {n}
                </label>
                <input
                  id={labelId}
                  name={`${list}.${i}.label`}
                  value={row.label}
                  onChange={(e) => onEdit(row.uid, 'label', e.target.value)}
                  maxLength={120}
                  aria-invalid={Boolean(labelErrors || keyErrors)}
                  aria-describedby={`${labelId}-error ${keyId}`}
                  className={`${inputClass} w-full`}
                />
                <p id={keyId} className="font-mono text-xs text-slate-500">
                  key: {key || '—'}
                  {row.key ? '' : ' (new)'}
                </p>
                <Errors id={`${labelId}-error`} errors={[...(labelErrors ?? []), ...(keyErrors ?? [])]} />
              </div>
              <div className="flex flex-col gap-1">
                <label htmlFor={descriptionId} className="sr-only">
                  Description of {one} {n}
                </label>
                <input
                  id={descriptionId}
                  name={`${list}.${i}.description`}
                  value={row.description}
                  onChange={(e) => onEdit(row.uid, 'description', e.target.value)}
                  maxLength={500}
                  placeholder="Optional: when to tick it"
                  aria-invalid={Boolean(descriptionErrors)}
                  aria-describedby={`${descriptionId}-error`}
                  className={`${inputClass} w-full`}
                />
                <Errors id={`${descriptionId}-error`} errors={descriptionErrors} />
              </div>
              <div className="flex gap-1">
                <Button
                  type="button"
                  variant="secondary"
                  id={fieldId(list, row.uid, 'up')}
                  aria-label={`Move ${one} ${n} up`}
                  title="Move up"
                  disabled={i === 0}
                  onClick={() => onMove(row.uid, -1)}
                >
                  ↑
                </Button>
                <Button
                  type="button"
                  variant="secondary"
                  id={fieldId(list, row.uid, 'down')}
                  aria-label={`Move ${one} ${n} down`}
                  title="Move down"
                  disabled={i === rows.length - 1}
                  onClick={() => onMove(row.uid, 1)}
                >
                  ↓
                </Button>
                <Button type="button" variant="danger" aria-label={`Remove ${one} ${n}`} onClick={() => onRemove(row.uid)}>
                  Remove
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      <Errors id={`${list}-error`} errors={listErrors} />
      <div>
        <Button type="button" variant="secondary" id={addButtonId(list)} disabled={rows.length >= MAX_FLAGS} onClick={onAdd}>
          Add a {one}
        </Button>
      </div>
    </fieldset>
  );
}
