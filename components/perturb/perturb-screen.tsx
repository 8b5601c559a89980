'use client';

import { useTranslations } from 'next-intl';
import { useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import { PromptView } from '@/components/label/prompt-view';
import { ChangeDiff } from '@/components/perturb/change-diff';
import { LeaseNote } from '@/components/task/lease-note';
import { NextTaskNotice, SaveStatusNote, TaskActions, TaskAnnouncer, TaskDialogs } from '@/components/task/task-parts';
import type { SaveDraft } from '@/components/task/use-autosave';
import { draftIsState } from '@/components/task/task-lifecycle';
import { useTaskScreen, type SkipTask } from '@/components/task/use-task-screen';
import { Field, inputClass } from '@/components/ui/field';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import { wordDiff } from '@/lib/diff/word-diff';
import type { PerturbTaskView } from '@/lib/tasks/kinds/perturb';
import { FLAW_CATEGORIES, ZPerturbationDraft, type TPerturbationDraft, type TSubmitPerturbation } from '@/lib/perturb/schemas';
import type { ActionResult } from '@/lib/tasks/task-view';
import { SEVERITY_LEVELS } from '@/lib/taxonomy/severity';

type Props = {
  view: PerturbTaskView;
  /** The project's guidelines, rendered on the server. */
  guidelines: ReactNode;
  saveDraft: SaveDraft<TPerturbationDraft>;
  submitPerturbation: (input: TSubmitPerturbation) => Promise<ActionResult<{ duplicate: boolean }>>;
  skipTask: SkipTask;
};

const wiring = draftIsState(ZPerturbationDraft);
const SEVERITY_KEYS = { 1: 'minor', 2: 'moderate', 3: 'major', 4: 'critical' } as const;

/**
 * The perturb task (PRODUCT §3.3): the conversation and a good response; the labeler edits a
 * copy to plant one subtle but important flaw, sees the change as a word diff, and says what the
 * flaw is, its category and severity, and why a careful reader could miss it. Drafts, skip,
 * submit and the next task are useTaskScreen's; the server checks the fields and names them.
 */
export function PerturbScreen({ view, guidelines, saveDraft, submitPerturbation, skipTask }: Props) {
  const { assignmentId, sourceText } = view;
  const t = useTranslations('Perturb');
  const tSeverity = useTranslations('FlawNotes.severity');
  const id = useId();
  const initial: TPerturbationDraft = view.draft
    ? { ...view.draft, text: view.draft.text || sourceText }
    : { text: sourceText, description: '', category: '', severity: null, missableBecause: '', activeMs: 0 };
  const task = useTaskScreen({ view, initial, initialActiveMs: initial.activeMs, ...wiring, saveDraft, skipTask });
  const value = task.state;
  const error = task.submitError;
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const deferredText = useDeferredValue(value.text);
  const segments = useMemo(() => wordDiff(sourceText, deferredText), [sourceText, deferredText]);
  const changed = segments.some((s) => s.op !== 'equal');

  function update(patch: Partial<TPerturbationDraft>) {
    task.setSubmitError('');
    setFieldErrors((prev) => {
      const next = { ...prev };
      for (const key of Object.keys(patch)) delete next[key === 'text' ? 'flawedText' : key];
      return next;
    });
    task.dispatch(patch);
  }

  async function submit() {
    const failure = await task.submit((v, activeMs) =>
      submitPerturbation({
        assignmentId,
        flawedText: v.text,
        description: v.description,
        // An empty choice is sent as is so the server names the field.
        category: v.category as TSubmitPerturbation['category'],
        severity: v.severity as number,
        missableBecause: v.missableBecause,
        activeMs,
      }),
    );
    if (failure) setFieldErrors(failure.fieldErrors ?? {});
  }

  const errorsOf = (key: string) => fieldErrors[key];
  const invalid = (key: string) => Boolean(fieldErrors[key]) || undefined;

  return (
    <div className="flex flex-col gap-4">
      <TaskAnnouncer task={task} />
      <NextTaskNotice task={task} />
      <section aria-labelledby={`${id}-prompt`} className="flex flex-col gap-2">
        <h2 id={`${id}-prompt`} ref={task.headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          {t('conversation')}
        </h2>
        <PromptView messages={view.messages} />
      </section>

      <section aria-labelledby={`${id}-original`} className="flex flex-col gap-2">
        <h2 id={`${id}-original`} className="text-lg font-semibold">
          {t('original')}
        </h2>
        <div className="rounded-md border border-slate-200 bg-white p-3">
          <SafeMarkdown text={sourceText} />
        </div>
      </section>

      <section aria-labelledby={`${id}-edit`} className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${id}-edit`} className="text-lg font-semibold">
            {t('heading')}
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <LeaseNote lease={task.lease} />
            <SaveStatusNote task={task} />
          </div>
        </div>
        <Field id={`${id}-text`} label={t('flawed')} errors={errorsOf('flawedText')} hint={t('flawedHint')}>
          <textarea
            id={`${id}-text`}
            value={value.text}
            dir="auto"
            onChange={(e) => update({ text: e.target.value })}
            readOnly={!task.ready}
            aria-invalid={invalid('flawedText')}
            aria-describedby={`${id}-text-error`}
            rows={12}
            className={`${inputClass} font-mono`}
          />
        </Field>
        <div className="flex flex-col gap-1">
          <h3 className="text-sm font-medium text-slate-800">{t('change')}</h3>
          {changed ? (
            <ChangeDiff segments={segments} label={t('changeRegion')} />
          ) : (
            <p className="text-sm text-slate-600">{t('noChange')}</p>
          )}
        </div>
        <Field id={`${id}-description`} label={t('description')} errors={errorsOf('description')}>
          <textarea
            id={`${id}-description`}
            value={value.description}
            dir="auto"
            onChange={(e) => update({ description: e.target.value })}
            rows={3}
            aria-invalid={invalid('description')}
            aria-describedby={`${id}-description-error`}
            className={inputClass}
          />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field id={`${id}-category`} label={t('category')} errors={errorsOf('category')}>
            <select
              id={`${id}-category`}
              value={value.category}
              onChange={(e) => update({ category: e.target.value as TPerturbationDraft['category'] })}
              aria-invalid={invalid('category')}
              aria-describedby={`${id}-category-error`}
              className={inputClass}
            >
              <option value="">{t('chooseCategory')}</option>
              {FLAW_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`categories.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <fieldset className="flex flex-col gap-1" aria-describedby={`${id}-severity-error`}>
            <legend className="text-sm font-medium text-slate-800">{t('severity')}</legend>
            <div className="flex flex-wrap gap-3">
              {SEVERITY_LEVELS.map((level) => (
                <label key={level} className="flex items-center gap-1.5 text-sm text-slate-800">
                  <input
                    type="radio"
                    name={`${id}-severity`}
                    value={level}
                    checked={value.severity === level}
                    onChange={() => update({ severity: level })}
                  />
                  {`${level} · ${tSeverity(SEVERITY_KEYS[level])}`}
                </label>
              ))}
            </div>
            <div id={`${id}-severity-error`} aria-live="polite">
              {errorsOf('severity')?.map((e) => (
                <p key={e} className="text-sm text-red-700">
                  {e}
                </p>
              ))}
            </div>
          </fieldset>
        </div>
        <Field id={`${id}-missable`} label={t('missable')} errors={errorsOf('missableBecause')}>
          <textarea
            id={`${id}-missable`}
            value={value.missableBecause}
            dir="auto"
            onChange={(e) => update({ missableBecause: e.target.value })}
            rows={2}
            aria-invalid={invalid('missableBecause')}
            aria-describedby={`${id}-missable-error`}
            className={inputClass}
          />
        </Field>
        {error && (
          <p role="alert" className="text-sm font-medium text-red-700">
            {error}
          </p>
        )}
      </section>

      <TaskActions task={task} submitLabel={t('submit')} onSubmit={() => void submit()} />
      <TaskDialogs task={task} guidelines={guidelines} />
    </div>
  );
}
