'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useId, useState, type ReactNode } from 'react';
import { PromptView } from '@/components/label/prompt-view';
import { LeaseNote } from '@/components/task/lease-note';
import { NextTaskNotice, SaveStatusNote, TaskActions, TaskAnnouncer, TaskDialogs } from '@/components/task/task-parts';
import type { SaveDraft } from '@/components/task/use-autosave';
import { draftIsState } from '@/components/task/task-lifecycle';
import { useTaskScreen, type SkipTask } from '@/components/task/use-task-screen';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import { ResponseText } from '@/components/ui/response-text';
import { ZDemonstrationDraft, type TDemonstrationDraft, type TSubmitDemonstration } from '@/lib/demonstrations/schemas';
import type { DemonstrationTaskView } from '@/lib/tasks/kinds/demonstrate';
import type { ActionResult } from '@/lib/tasks/task-view';

type Props = {
  view: DemonstrationTaskView;
  /** The project's guidelines, rendered on the server. */
  guidelines: ReactNode;
  saveDraft: SaveDraft<TDemonstrationDraft>;
  submitDemonstration: (input: TSubmitDemonstration) => Promise<ActionResult<{ duplicate: boolean }>>;
  skipTask: SkipTask;
};

const wiring = draftIsState(ZDemonstrationDraft);

/**
 * The demonstration task (PRODUCT §3.2): the conversation, optionally the model responses for
 * reference, and a markdown editor with a safe preview. Drafts, skip, submit and the next task are
 * useTaskScreen's; this screen adds the length check and the editor.
 */
export function DemonstrationScreen({ view, guidelines, saveDraft, submitDemonstration, skipTask }: Props) {
  const { assignmentId, minLength, maxLength } = view;
  const t = useTranslations('Demonstrate');
  const format = useFormatter();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const editorId = useId();
  const counterId = useId();
  const task = useTaskScreen({
    view,
    initial: { text: view.draft?.text ?? '', activeMs: view.draft?.activeMs ?? 0 },
    initialActiveMs: view.draft?.activeMs ?? 0,
    ...wiring,
    saveDraft,
    skipTask,
  });
  const { text } = task.state;
  const { ready, submitError: error } = task;

  const length = text.trim().length;
  const tooShort = length < minLength;
  const tooLong = text.length > maxLength;

  function onChange(value: string) {
    task.dispatch({ text: value });
    task.setSubmitError('');
  }

  async function submit() {
    if (tooShort || tooLong) return task.setSubmitError(tooShort ? t('tooShort', { min: minLength }) : t('tooLong', { max: maxLength }));
    await task.submit((draft, activeMs) => submitDemonstration({ assignmentId, text: draft.text, activeMs }));
  }

  const tabClass = (active: boolean) =>
    `rounded-t-md border-b-2 px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 ${active ? 'border-indigo-600 text-indigo-800' : 'border-transparent text-slate-600 hover:text-slate-900'}`;

  return (
    <div className="flex flex-col gap-4">
      <TaskAnnouncer task={task} />
      <NextTaskNotice task={task} />
      <section aria-labelledby={`${editorId}-prompt`} className="flex flex-col gap-2">
        <h2 id={`${editorId}-prompt`} ref={task.headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          {t('conversation')}
        </h2>
        <PromptView messages={view.messages} />
      </section>

      {view.responses.length > 0 && (
        <details className="rounded-md border border-slate-200 bg-white p-3">
          <summary className="cursor-pointer text-sm font-medium text-slate-800">
            {t('references', { count: view.responses.length })}
          </summary>
          <ol className="mt-3 flex flex-col gap-3">
            {view.responses.map((r) => (
              <li key={r.id} className="rounded-md border border-slate-200 p-3">
                <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">{t('response', { letter: r.label })}</p>
                <ResponseText text={r.text} />
              </li>
            ))}
          </ol>
        </details>
      )}

      <section aria-labelledby={`${editorId}-heading`} className="flex flex-col gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={`${editorId}-heading`} className="text-lg font-semibold">
            {t('heading')}
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <LeaseNote lease={task.lease} />
            <SaveStatusNote task={task} />
          </div>
        </div>
        <div role="tablist" aria-label={t('editor')} className="flex gap-1 border-b border-slate-200">
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'write'}
            className={tabClass(tab === 'write')}
            onClick={() => setTab('write')}
          >
            {t('write')}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'preview'}
            className={tabClass(tab === 'preview')}
            onClick={() => setTab('preview')}
          >
            {t('preview')}
          </button>
        </div>
        {tab === 'write' ? (
          <>
            <label htmlFor={editorId} className="sr-only">
              {t('label')}
            </label>
            <textarea
              id={editorId}
              value={text}
              dir="auto"
              onChange={(e) => onChange(e.target.value)}
              readOnly={!ready}
              aria-describedby={counterId}
              aria-invalid={Boolean(error) || undefined}
              rows={14}
              className="w-full rounded-md border border-slate-300 p-3 font-mono text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-300 focus:outline-none"
              placeholder={t('placeholder')}
            />
          </>
        ) : (
          <div role="tabpanel" aria-label={t('preview')} className="min-h-40 rounded-md border border-slate-200 bg-white p-3">
            {text.trim() ? <SafeMarkdown text={text} /> : <p className="text-sm text-slate-500">{t('nothingToPreview')}</p>}
          </div>
        )}
        <p id={counterId} className={`text-xs ${tooLong || (tooShort && length > 0) ? 'font-medium text-red-700' : 'text-slate-600'}`}>
          {t('counter', { length: text.length, min: minLength, max: maxLength, lengthText: format.number(text.length) })}
        </p>
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
