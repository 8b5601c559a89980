'use client';

import { startTransition, useActionState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form-message';
import { inputClass } from '@/components/ui/field';
import { EMPTY_FORM_STATE, type FormState } from '@/lib/forms/form-state';
import type { TProjectTranslation, TTranslatedListName } from '@/lib/taxonomy/schemas';

/** One text to translate: its key, and the default text shown beside the inputs. */
export type TranslationRow = { key: string; label: string; description: string };

type Props = {
  projectId: string;
  locale: string;
  /** The locale's name ("Español") and the default locale's ("English"), for the column headings. */
  localeName: string;
  defaultName: string;
  lists: Record<TTranslatedListName, TranslationRow[]>;
  defaultGuidelines: string;
  translation: TProjectTranslation;
  action: (state: FormState, data: FormData) => Promise<FormState>;
};

const TITLES: Record<TTranslatedListName, string> = {
  responseFlags: 'Response flags',
  promptFlags: 'Prompt flags',
  skipReasons: 'Skip reasons',
};

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
 * A lead's texts for one locale (issue 31): per flag, prompt flag and skip reason a label and a
 * description, with the default text beside them, and the guidelines. A row left empty is not
 * translated: labelers see the default text with a note saying so.
 */
export function TranslationEditor({ projectId, locale, localeName, defaultName, lists, defaultGuidelines, translation, action }: Props) {
  // Not useFormAction: that resets the form after a save, and these inputs show what was saved.
  const [state, formAction, pending] = useActionState(action, EMPTY_FORM_STATE);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  const errorsOf = (name: string) => state.errors?.[name];
  return (
    <form action={formAction} onSubmit={onSubmit} className="flex flex-col gap-6" noValidate>
      <input type="hidden" name="projectId" value={projectId} />
      <input type="hidden" name="locale" value={locale} />
      {(Object.keys(TITLES) as TTranslatedListName[]).map((list) => (
        <fieldset key={list} className="flex flex-col gap-2">
          <legend className="text-base font-semibold text-slate-900">{TITLES[list]}</legend>
          <div aria-hidden className="hidden gap-3 text-xs font-medium uppercase text-slate-500 md:grid md:grid-cols-3">
            <span>{defaultName} (default)</span>
            <span>Label in {localeName}</span>
            <span>Description in {localeName}</span>
          </div>
          <ul className="flex flex-col divide-y divide-slate-100">
            {lists[list].map((row) => {
              const saved = translation[list][row.key as keyof TProjectTranslation[typeof list]] as
                { label: string; description: string } | undefined;
              const name = (field: string) => `${list}.${row.key}.${field}`;
              const id = (field: string) => `${list}-${row.key}-${field}`;
              return (
                <li key={row.key} className="grid gap-3 py-2 md:grid-cols-3">
                  <div className="text-sm text-slate-700">
                    <p className="font-medium text-slate-900">{row.label}</p>
                    {row.description ? <p className="text-xs text-slate-600">{row.description}</p> : null}
                    <p className="font-mono text-xs text-slate-500">{row.key}</p>
                  </div>
                  <div className="flex flex-col gap-1">
                    <label htmlFor={id('label')} className="sr-only">
                      {`${row.label}: label in ${localeName}`}
                    </label>
                    <input
                      id={id('label')}
                      name={name('label')}
                      lang={locale}
                      defaultValue={saved?.label ?? ''}
                      maxLength={120}
                      className={inputClass}
                      aria-invalid={Boolean(errorsOf(name('label')))}
                      aria-describedby={`${id('label')}-error`}
                    />
                    <Errors id={`${id('label')}-error`} errors={errorsOf(name('label'))} />
                  </div>
                  <div className="flex flex-col gap-1">
                    <label htmlFor={id('description')} className="sr-only">
                      {`${row.label}: description in ${localeName}`}
                    </label>
                    <input
                      id={id('description')}
                      name={name('description')}
                      lang={locale}
                      defaultValue={saved?.description ?? ''}
                      maxLength={500}
                      className={inputClass}
                      aria-invalid={Boolean(errorsOf(name('description')))}
                      aria-describedby={`${id('description')}-error`}
                    />
                    <Errors id={`${id('description')}-error`} errors={errorsOf(name('description'))} />
                  </div>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ))}
      <fieldset className="flex flex-col gap-2">
        <legend className="text-base font-semibold text-slate-900">Guidelines</legend>
        <div className="grid gap-3 md:grid-cols-2">
          <div className="flex flex-col gap-1">
            <span className="text-xs font-medium uppercase text-slate-500">{defaultName} (default)</span>
            <pre className="max-h-96 overflow-auto whitespace-pre-wrap rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800">
              {defaultGuidelines || 'No guidelines yet.'}
            </pre>
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="guidelines" className="text-xs font-medium uppercase text-slate-500">
              Guidelines in {localeName} (Markdown)
            </label>
            <textarea
              id="guidelines"
              name="guidelines"
              lang={locale}
              rows={14}
              defaultValue={translation.guidelines}
              className={inputClass}
              aria-invalid={Boolean(errorsOf('guidelines'))}
              aria-describedby="guidelines-error"
            />
            <Errors id="guidelines-error" errors={errorsOf('guidelines')} />
          </div>
        </div>
      </fieldset>
      <div className="flex flex-col gap-2 border-t border-slate-200 pt-4">
        <FormMessage state={state} />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? 'Saving…' : `Save ${localeName} texts`}
          </Button>
        </div>
      </div>
    </form>
  );
}
