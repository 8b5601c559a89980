'use client';

import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Dialog } from '@/components/label/dialog';
import { SkipForm } from '@/components/task/skip-form';
import { saveStatusText } from '@/components/task/task-lifecycle';
import type { TaskScreen } from '@/components/task/use-task-screen';
import { Button } from '@/components/ui/button';

// The pieces every task screen shows the same way; each takes the useTaskScreen result.

type Task = Pick<TaskScreen, 'saveStatus' | 'ready' | 'announcement' | 'notice' | 'dialog' | 'setDialog' | 'skip' | 'locked'> &
  Partial<Pick<TaskScreen, 'timeOf'>>;

/** The one save status ("Saving…", "Draft saved 10:42", "Not saved — retrying" with the reason as its title). */
export function SaveStatusNote({ task, word }: { task: Task; word?: 'saved' | 'draftSaved' }) {
  const t = useTranslations('Task.save');
  const status = task.saveStatus;
  return (
    <p
      role="status"
      aria-live="polite"
      title={status.kind === 'error' ? status.message : undefined}
      className={`text-xs ${status.kind === 'error' ? 'font-medium text-red-700' : 'text-slate-600'}`}
    >
      {saveStatusText(status, {
        ready: task.ready,
        word: t(word ?? 'draftSaved'),
        ...(task.timeOf ? { timeOf: task.timeOf } : {}),
        words: { idle: t('idle'), saving: t('saving'), draftSaved: t('draftSaved'), error: t('error') },
      })}
    </p>
  );
}

/** Read by screen readers only: what just happened (restored, submitted, skipped…). */
export function TaskAnnouncer({ task }: { task: Task }) {
  return (
    <p className="sr-only" role="status" aria-live="polite">
      {task.announcement}
    </p>
  );
}

/** "Submitted — next task", shown for a moment at the top of the task after a submit. */
export function NextTaskNotice({ task }: { task: Task }) {
  return task.notice ? (
    <p
      role="status"
      className="self-start rounded-md border border-emerald-200 bg-emerald-50 px-3 py-1.5 text-sm font-medium text-emerald-800"
    >
      {task.notice}
    </p>
  ) : null;
}

/** The skip dialog (a reason, and a note for "other") and the guidelines dialog. */
export function TaskDialogs({ task, guidelines }: { task: Task; guidelines: ReactNode }) {
  const t = useTranslations('Task');
  const close = () => task.setDialog(null);
  return (
    <>
      <Dialog open={task.dialog === 'guidelines'} onClose={close} title={t('guidelines')} wide>
        {guidelines}
      </Dialog>
      <Dialog open={task.dialog === 'skip'} onClose={close} title={t('skipTitle')}>
        <SkipForm onSkip={task.skip} onCancel={close} />
      </Dialog>
    </>
  );
}

/** Submit, Guidelines and Skip under a task's form. */
export function TaskActions({ task, submitLabel, onSubmit }: { task: Task; submitLabel: string; onSubmit: () => void }) {
  const t = useTranslations('Task');
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="button" onClick={onSubmit} disabled={task.locked}>
        {submitLabel}
      </Button>
      <Button type="button" variant="secondary" onClick={() => task.setDialog('guidelines')}>
        {t('guidelines')}
      </Button>
      <Button type="button" variant="danger" onClick={() => task.setDialog('skip')} disabled={task.locked}>
        {t('skip')}
      </Button>
    </div>
  );
}
