'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ChatAnswer } from '@/components/chat/chat-answer';
import { ChatVote } from '@/components/chat/chat-vote';
import { PromptView } from '@/components/label/prompt-view';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { isVotable, voteBlocker } from '@/lib/chat/chat-rules';
import { detectPersonalData, type PersonalDataKind } from '@/lib/chat/detect-personal-data';
import type { ChatAnswerView, ChatStreamEvent, ChatTaskView } from '@/lib/chat/chat-view';
import type { TChatSideRating, TChatWinner } from '@/lib/chat/schemas';
import { SKIP_REASONS, type TSkipTask } from '@/lib/judgments/schemas';
import type { ActionResult } from '@/lib/tasks/task-view';

type Action<I, T> = (input: I) => Promise<ActionResult<T>>;

type Props = {
  view: ChatTaskView;
  projectId: string;
  guidelines: ReactNode;
  vote: Action<{ assignmentId: string; turn: number; winner: TChatWinner; ratings: TChatSideRating[] }, { duplicate: boolean }>;
  stop: Action<{ assignmentId: string; turn: number; side: number }, { status: string }>;
  flag: Action<{ assignmentId: string; doNotUse: boolean }, { doNotUse: boolean }>;
  finish: Action<{ assignmentId: string }, { revealed: string[] | null }>;
  refresh: Action<{ assignmentId: string }, { view: ChatTaskView }>;
  skipTask: Action<TSkipTask, { skipped: true }>;
};

type Turn = ChatTaskView['turns'][number];

/**
 * The chat task (issue 26): the labeler writes a prompt, the anonymous models answer side by side
 * (stacked on a phone), streamed token by token from the app's chat stream (JSON lines), each with
 * Stop and Retry; the vote opens once every side has an answer; then the next turn or Finish. The
 * browser never learns which model is which before Finish (and then only if the project reveals it).
 */
export function ChatScreen(props: Props) {
  const { projectId } = props;
  const t = useTranslations('Chat');
  const tSkip = useTranslations('SkipForm');
  const winnerWords = (w: TChatWinner, labels: string[]) =>
    w.kind === 'side' ? t('votedSide', { letter: labels[w.index] ?? '?' }) : w.kind === 'tie' ? t('votedTie') : t('votedAllBad');
  const assignmentId = props.view.assignmentId;
  const id = useId();
  const [view, setView] = useState(props.view);
  const [prompt, setPrompt] = useState(props.view.seedPrompt ?? '');
  const [error, setError] = useState('');
  const [warning, setWarning] = useState<PersonalDataKind[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [finished, setFinished] = useState<{ revealed: string[] | null } | null>(null);
  const [skipReason, setSkipReason] = useState<TSkipTask['reason']>('broken');
  const [skipNote, setSkipNote] = useState('');
  const streams = useRef(0);

  const labels = view.labels;
  const last = view.turns.at(-1);
  const streaming = view.turns.some((t) => t.answers.some((a) => a.status === 'STREAMING'));

  const patchAnswer = (turn: number, side: number, change: (a: ChatAnswerView) => ChatAnswerView) =>
    setView((v) => ({
      ...v,
      turns: v.turns.map((t) => (t.turn === turn ? { ...t, answers: t.answers.map((a, i) => (i === side ? change(a) : a)) } : t)),
    }));

  // Sides written by a request this page does not read (a reload mid-stream, another tab): poll the stored state.
  useEffect(() => {
    if (!streaming || finished) return;
    const timer = setInterval(() => {
      if (streams.current > 0) return;
      void props.refresh({ assignmentId }).then((r) => {
        if (r.ok && streams.current === 0) setView(r.view);
      });
    }, 1500);
    return () => clearInterval(timer);
  }, [streaming, finished, assignmentId, props]);

  async function runStream(body: Record<string, unknown>, onStart: (event: Extract<ChatStreamEvent, { type: 'start' }>) => void) {
    setError('');
    streams.current += 1;
    try {
      const response = await fetch(`/label/${projectId}/chat-stream`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, assignmentId }),
      });
      if (!response.ok || !response.body) {
        const answer = (await response.json().catch(() => ({}))) as { error?: string; personalData?: PersonalDataKind[] };
        if (answer.personalData) setWarning(answer.personalData);
        else setError(answer.error ?? t('couldNotAsk'));
        return false;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      let turn = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.trim()) continue;
          const event = JSON.parse(line) as ChatStreamEvent;
          if (event.type === 'start') {
            turn = event.turn;
            onStart(event);
          } else if (event.type === 'delta') patchAnswer(turn, event.side, (a) => ({ ...a, text: a.text + event.text }));
          else patchAnswer(turn, event.side, (a) => ({ ...a, status: event.status, text: event.text, error: event.error }));
        }
      }
      return true;
    } catch {
      setError(t('connectionLost'));
      return false;
    } finally {
      streams.current -= 1;
    }
  }

  async function send(confirmPersonalData: boolean) {
    if (!confirmPersonalData) {
      const kinds = [...new Set(detectPersonalData(prompt).map((f) => f.kind))];
      if (kinds.length > 0) return setWarning(kinds);
    }
    setWarning(null);
    setBusy(true);
    const text = prompt;
    const ok = await runStream({ action: 'send', prompt: text, confirmPersonalData }, (event) => {
      setPrompt('');
      setView((v) => ({
        ...v,
        seedPrompt: null,
        turns: [
          ...v.turns,
          {
            turn: event.turn,
            prompt: text,
            winner: null,
            answers: v.labels.map((label, i) => ({
              label,
              text: '',
              status: 'STREAMING' as const,
              attempt: event.sides.find((s) => s.side === i)?.attempt ?? 1,
              error: null,
            })),
          },
        ],
      }));
    });
    setBusy(false);
    if (ok) document.getElementById(`${id}-prompt`)?.focus();
  }

  async function retry(turn: Turn, side: number) {
    await runStream({ action: 'retry', turn: turn.turn, side }, (event) =>
      patchAnswer(event.turn, side, (a) => ({
        ...a,
        text: '',
        status: 'STREAMING',
        error: null,
        attempt: event.sides[0]?.attempt ?? a.attempt + 1,
      })),
    );
  }

  async function stop(turn: Turn, side: number) {
    const result = await props.stop({ assignmentId, turn: turn.turn, side });
    if (!result.ok) setError(result.error);
  }

  async function vote(turn: Turn, winner: TChatWinner, ratings: TChatSideRating[]) {
    setBusy(true);
    const result = await props.vote({ assignmentId, turn: turn.turn, winner, ratings });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setView((v) => ({ ...v, turns: v.turns.map((t) => (t.turn === turn.turn ? { ...t, winner } : t)) }));
  }

  async function finish() {
    setBusy(true);
    const result = await props.finish({ assignmentId });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setFinished({ revealed: result.revealed });
  }

  async function toggleFlag() {
    const result = await props.flag({ assignmentId, doNotUse: !view.doNotUse });
    if (!result.ok) return setError(result.error);
    setView((v) => ({ ...v, doNotUse: result.doNotUse }));
  }

  async function skip() {
    const result = await props.skipTask({ assignmentId, reason: skipReason, note: skipNote });
    if (!result.ok) return setError(result.error);
    window.location.assign(`/label/${projectId}`);
  }

  if (finished) {
    return (
      <section aria-labelledby={`${id}-done`} className="flex flex-col gap-3 rounded-md border border-slate-200 bg-white p-4">
        <h2 id={`${id}-done`} className="text-lg font-semibold">
          {t('finished')}
        </h2>
        {finished.revealed ? (
          <ul aria-label={t('models')} className="text-sm text-slate-800">
            {finished.revealed.map((name, i) => (
              <li key={`${labels[i]}-${name}`}>{t('revealed', { letter: labels[i] ?? '?', name })}</li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-700">{t('thanks')}</p>
        )}
        <a
          href={`/label/${projectId}`}
          className="self-start rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
        >
          {t('nextTask')}
        </a>
      </section>
    );
  }

  const ruleAnswers = last ? last.answers.map((a) => ({ text: a.text, status: a.status === 'NONE' ? ('ERROR' as const) : a.status })) : [];
  const waiting = ruleAnswers.flatMap((a, i) => (isVotable(a.status) ? [] : [labels[i] ?? String.fromCharCode(65 + i)]));
  // voteBlocker decides (lib/chat/chat-rules.ts); the sentence is the catalogue's, in the labeler's language.
  const blocker =
    last && !last.winner && voteBlocker({ prompt: last.prompt, winner: null, answers: ruleAnswers }) !== null
      ? t('vote.blocked', { letters: waiting.join(t('listSeparator')), count: waiting.length })
      : null;
  const canWrite = !busy && !streaming && (!last || last.winner !== null) && view.turns.length < view.maxTurns;
  const sharedDeadEnd = view.continuation === 'shared' && last?.winner?.kind === 'bothbad';

  return (
    <div className="flex flex-col gap-4">
      <details className="rounded-md border border-slate-200 bg-white p-3">
        <summary className="cursor-pointer text-sm font-medium text-slate-800">{t('guidelines')}</summary>
        <div className="mt-2">{props.guidelines}</div>
      </details>
      {view.context.length > 0 ? (
        <section aria-label={t('context')} className="flex flex-col gap-2">
          <PromptView messages={view.context} />
        </section>
      ) : null}
      <ol aria-label={t('conversation')} className="flex flex-col gap-4">
        {view.turns.map((turn) => (
          <li key={turn.turn} className="flex flex-col gap-2">
            <h2 className="text-sm font-semibold text-slate-700">{t('turn', { turn: turn.turn })}</h2>
            <p
              dir="auto"
              className="self-end rounded-md bg-indigo-50 p-3 text-sm break-words whitespace-pre-wrap text-slate-900"
              aria-label={t('yourPromptTurn', { turn: turn.turn })}
            >
              {turn.prompt}
            </p>
            <div className="flex flex-col gap-3 md:flex-row">
              {turn.answers.map((answer, side) => (
                <ChatAnswer
                  key={answer.label}
                  answer={answer}
                  voted={turn.winner !== null}
                  canAct={turn === last && !busy}
                  onStop={() => void stop(turn, side)}
                  onRetry={() => void retry(turn, side)}
                />
              ))}
            </div>
            {turn.winner ? (
              <p className="text-sm text-slate-700">{winnerWords(turn.winner, labels)}</p>
            ) : (
              <ChatVote
                key={`vote-${turn.turn}`}
                labels={labels}
                texts={turn.answers.map((a) => a.text)}
                flags={view.flags}
                blocker={blocker}
                busy={busy}
                onVote={(winner, ratings) => void vote(turn, winner, ratings)}
              />
            )}
          </li>
        ))}
      </ol>

      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}

      {sharedDeadEnd ? (
        <p className="text-sm text-slate-700">{t('deadEnd')}</p>
      ) : view.turns.length < view.maxTurns ? (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void send(false);
          }}
        >
          <label htmlFor={`${id}-prompt`} className="text-sm font-medium text-slate-900">
            {view.turns.length === 0 ? t('yourPrompt') : t('continue')}
          </label>
          <textarea
            id={`${id}-prompt`}
            value={prompt}
            dir="auto"
            onChange={(e) => {
              setPrompt(e.target.value);
              setWarning(null);
            }}
            onKeyDown={(e) => {
              // Ctrl+Enter (⌘+Enter) sends, as in most chat apps; Enter alone is a new line.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canWrite && prompt.trim() !== '') {
                e.preventDefault();
                void send(false);
              }
            }}
            rows={4}
            maxLength={view.maxPromptChars}
            disabled={!canWrite}
            aria-describedby={`${id}-count`}
            className={inputClass}
          />
          <p id={`${id}-count`} className="text-xs text-slate-500">
            {t('counter', { length: prompt.length, max: view.maxPromptChars, turn: view.turns.length + 1, turns: view.maxTurns })}
          </p>
          {warning ? (
            <div
              role="alertdialog"
              aria-labelledby={`${id}-pii`}
              className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3"
            >
              <p id={`${id}-pii`} className="text-sm text-amber-900">
                {t('personalData', { kinds: warning.map((k) => t(`personalDataKind.${k}`)).join(t('and')) })}
              </p>
              <div className="flex gap-2">
                <Button type="button" onClick={() => void send(true)}>
                  {t('sendAnyway')}
                </Button>
                <Button type="button" variant="secondary" onClick={() => setWarning(null)}>
                  {t('editPrompt')}
                </Button>
              </div>
            </div>
          ) : null}
          <div>
            <Button type="submit" disabled={!canWrite || prompt.trim() === ''}>
              {t('send')}
            </Button>
          </div>
        </form>
      ) : (
        <p className="text-sm text-slate-700">{t('limit', { turns: view.maxTurns })}</p>
      )}

      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-3">
        <Button type="button" onClick={() => void finish()} disabled={busy || streaming || (!view.doNotUse && (!last || !last.winner))}>
          {t('finish')}
        </Button>
        <label className="flex items-center gap-1.5 text-sm text-slate-800">
          <input type="checkbox" checked={view.doNotUse} onChange={() => void toggleFlag()} />
          {t('doNotUse')}
        </label>
        <details>
          <summary className="cursor-pointer text-sm text-slate-700">{t('skip')}</summary>
          <div className="mt-2 flex flex-wrap items-end gap-2">
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-800">
              {t('reason')}
              <select className={inputClass} value={skipReason} onChange={(e) => setSkipReason(e.target.value as TSkipTask['reason'])}>
                {SKIP_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {tSkip(`reason.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-800">
              {t('note')}
              <input dir="auto" className={inputClass} value={skipNote} maxLength={1000} onChange={(e) => setSkipNote(e.target.value)} />
            </label>
            <Button type="button" variant="secondary" onClick={() => void skip()}>
              {t('skipConversation')}
            </Button>
          </div>
        </details>
      </div>
    </div>
  );
}
