'use client';

import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import type { ChatAnswerView } from '@/lib/chat/chat-view';

/**
 * One anonymous side's answer to a turn, under its letter. The text is untrusted model output,
 * shown as plain text (React escapes it; never HTML). Stop while it streams; Retry after an error,
 * an interruption, or (before the vote) to regenerate.
 */
export function ChatAnswer(props: { answer: ChatAnswerView; canAct: boolean; voted: boolean; onStop: () => void; onRetry: () => void }) {
  const { answer, canAct, voted } = props;
  const t = useTranslations('Chat.answer');
  const name = t('name', { letter: answer.label });
  const streaming = answer.status === 'STREAMING';
  const failed = answer.status === 'ERROR' || answer.status === 'INTERRUPTED';
  return (
    <article
      aria-label={name}
      aria-busy={streaming}
      className="flex min-w-0 flex-1 flex-col gap-2 rounded-md border border-slate-200 bg-white p-3"
    >
      <header className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{name}</h3>
        <span className="text-xs text-slate-600" data-status={answer.status}>
          {t(`status.${answer.status}`)}
          {answer.attempt > 1 ? ` · ${t('attempt', { attempt: answer.attempt })}` : ''}
        </span>
      </header>
      <div dir="auto" className="text-sm break-words whitespace-pre-wrap text-slate-900" data-answer-text>
        {answer.text}
        {failed && answer.text !== '' ? <span className="text-amber-800"> {t('incomplete')}</span> : null}
      </div>
      {answer.error ? (
        <p role="status" className="text-sm text-red-700">
          {answer.error}
        </p>
      ) : null}
      {!voted && canAct ? (
        <div className="flex gap-2">
          {streaming ? (
            <Button type="button" variant="secondary" onClick={props.onStop}>
              {t('stop')}
              <span className="sr-only"> {name}</span>
            </Button>
          ) : (
            <Button type="button" variant="secondary" onClick={props.onRetry}>
              {failed ? t('retry') : t('regenerate')}
              <span className="sr-only"> {name}</span>
            </Button>
          )}
        </div>
      ) : null}
    </article>
  );
}
