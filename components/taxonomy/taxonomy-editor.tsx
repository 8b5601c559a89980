'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';
import { addButtonId, fieldId, FlagListEditor } from '@/components/taxonomy/flag-list-editor';
import {
  describeErrors,
  orderOf,
  rowErrors,
  rowsFromTaxonomy,
  sameFlags,
  type FlagLists,
  type SubmittedOrder,
} from '@/components/taxonomy/flag-rows';
import type { FormState } from '@/lib/forms/form-state';
import { FLAG_LISTS, type Taxonomy, type TFlagListName } from '@/lib/taxonomy/schemas';

type Props = {
  projectId: string;
  /** The current version; saving makes the next one from it. */
  taxonomy: Taxonomy;
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

/**
 * The lead's taxonomy editor: edit, add, remove and reorder flags, then save them all as the
 * next version. The form carries the version it was loaded with, so a concurrent save by
 * someone else is refused instead of overwritten.
 */
export function TaxonomyEditor({ projectId, taxonomy, action }: Props) {
  const { state, pending, formProps } = useFormAction(action);
  const [loadedVersion, setLoadedVersion] = useState(taxonomy.version);
  const [lists, setLists] = useState(() => rowsFromTaxonomy(taxonomy));
  const [submitted, setSubmitted] = useState<SubmittedOrder | null>(null);
  const [note, setNote] = useState<string | null>(null);
  // Discarding the edit also hides the outcome of the last save, whose errors named rows now gone.
  const [hideResult, setHideResult] = useState(false);
  const nextUid = useRef(0);
  const focusAfterRender = useRef<string | null>(null);

  // A save (here or revalidated from elsewhere) brings a new version: start over from it, so flags
  // added in this edit now carry the keys the server gave them.
  if (taxonomy.version !== loadedVersion) {
    setLoadedVersion(taxonomy.version);
    setLists(rowsFromTaxonomy(taxonomy));
    setSubmitted(null);
  }

  useEffect(() => {
    const id = focusAfterRender.current;
    if (!id) return;
    focusAfterRender.current = null;
    document.getElementById(id)?.focus();
  });

  const dirty = !sameFlags(lists, rowsFromTaxonomy(taxonomy));
  const order = submitted ?? orderOf(lists);
  const result: FormState = hideResult ? {} : state;
  const problems = describeErrors(result.errors, order, lists);

  const update = (list: TFlagListName, change: (rows: FlagLists[TFlagListName]) => FlagLists[TFlagListName]) => {
    setNote(null);
    setLists((prev) => ({ ...prev, [list]: change(prev[list]) }));
  };

  const handlers = (list: TFlagListName) => ({
    onEdit: (uid: string, field: 'label' | 'description', value: string) =>
      update(list, (rows) => rows.map((r) => (r.uid === uid ? { ...r, [field]: value } : r))),
    onMove: (uid: string, by: -1 | 1) => {
      const rows = lists[list];
      const from = rows.findIndex((r) => r.uid === uid);
      const to = from + by;
      if (from < 0 || to < 0 || to >= rows.length) return;
      // Keep focus on the arrow that was pressed, or on the other one once the row reaches an end.
      const atEnd = to === 0 || to === rows.length - 1;
      focusAfterRender.current = fieldId(list, uid, atEnd ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down');
      update(list, (prev) => {
        const next = [...prev];
        const [row] = next.splice(from, 1);
        if (row) next.splice(to, 0, row);
        return next;
      });
    },
    onRemove: (uid: string) => {
      const rows = lists[list];
      const index = rows.findIndex((r) => r.uid === uid);
      const neighbour = rows[index + 1] ?? rows[index - 1];
      focusAfterRender.current = neighbour ? fieldId(list, neighbour.uid, 'label') : addButtonId(list);
      update(list, (prev) => prev.filter((r) => r.uid !== uid));
    },
    onAdd: () => {
      const uid = `n-${nextUid.current++}`;
      focusAfterRender.current = fieldId(list, uid, 'label');
      update(list, (prev) => [...prev, { uid, key: '', label: '', description: '' }]);
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    if (!dirty) {
      event.preventDefault();
      setNote('Nothing changed yet: edit, add, remove or move a flag first.');
      return;
    }
    setNote(null);
    setHideResult(false);
    setSubmitted(orderOf(lists));
    formProps.onSubmit(event);
  };

  const discard = () => {
    setLists(rowsFromTaxonomy(taxonomy));
    setSubmitted(null);
    setNote(null);
    setHideResult(true);
  };

  return (
    <form ref={formProps.ref} action={formProps.action} onSubmit={onSubmit} className="flex flex-col gap-6" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="baseVersion" value={taxonomy.version} />
      {FLAG_LISTS.map((list) => (
        <FlagListEditor
          key={list}
          list={list}
          rows={lists[list]}
          errorsOf={(uid, field) => rowErrors(result.errors, order, list, uid, field)}
          listErrors={result.errors?.[list]}
          {...handlers(list)}
        />
      ))}
      <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
        <FormMessage state={note ? { ok: false, message: note } : result} />
        <div aria-live="polite">
          {problems.length > 0 ? (
            <ul className="list-disc pl-5 text-sm text-red-700">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending}>
            {pending ? 'Saving…' : `Save as version ${taxonomy.version + 1}`}
          </Button>
          <Button type="button" variant="secondary" disabled={!dirty || pending} onClick={discard}>
            Discard changes
          </Button>
          {dirty ? <span className="self-center text-sm text-slate-600">Unsaved changes</span> : null}
        </div>
      </div>
    </form>
  );
}
