'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';
import { SelectableText } from '@/components/label/selectable-text';
import { createLookTracker } from '@/components/label/assistant-panel-looks';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { TRecordAssistanceLook } from '@/lib/assist/schemas';
import type { AssistanceAnswerView, AssistanceView } from '@/lib/assist/types';
import type { AssistanceKind } from '@/lib/projects/settings';
import type { ActionResult } from '@/lib/tasks/task-view';

/** What the page hands a task screen when assistance is on for its assignment: the view and the two server actions. */
export type AssistantMount = {
  view: AssistanceView;
  ask: (input: AskInput) => Promise<ActionResult<{ answer: AssistanceAnswerView }>>;
  recordLook: (input: TRecordAssistanceLook) => Promise<ActionResult<{ updated: number }>>;
};

type AskInput = {
  assignmentId: string;
  clientKey: string;
  kind: AssistanceKind;
  responseId: string | null;
  claim: { start: number; end: number } | null;
};

/** A request key from the browser's random source (crypto.randomUUID needs a secure context; this does not). */
function newClientKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

type Translate = ReturnType<typeof useTranslations<'Assistant'>>;

function titleOf(a: Pick<AssistanceAnswerView, 'kind' | 'responseLabel'>, detect: boolean, t: Translate): string {
  const about = a.responseLabel ? t('response', { letter: a.responseLabel }) : t('thisResponse');
  if (detect) return t('critiqueOnRequest');
  return a.kind === 'FACT_CHECK' ? t('factCheckOf', { about }) : t('kindOf', { kind: t(`kind.${a.kind}`), about });
}

/**
 * The Assistant (issue 25): the labeler asks the project's assistant for a critique, an
 * explanation, a fact check of a claim they select, or a summary of one response (ranking), or
 * for one more critique of the shown text (`detect`: "ask for more"). Answers are untrusted model
 * text shown as plain text (never HTML); failures are said in words with "Ask again". Responses
 * are named by their shown letter only. How long each answer was in view is sent when the panel
 * closes, the tab is hidden, the task is being submitted (`locked`) or the screen goes away.
 */
export function AssistantPanel({
  mount,
  responses,
  locked,
  detect = false,
}: {
  mount: AssistantMount;
  /** Ranking: the responses as shown (id, letter, text). Detect: the one text, with an empty label. */
  responses: { id: string; label: string; text: string }[];
  locked: boolean;
  detect?: boolean;
}) {
  const t = useTranslations('Assistant');
  const id = useId();
  const { view, ask, recordLook } = mount;
  const kinds = view.kinds;
  const [open, setOpen] = useState(detect || view.requests.length > 0);
  const [kind, setKind] = useState<AssistanceKind>(kinds[0] ?? 'CRITIQUE');
  const [responseId, setResponseId] = useState(responses[0]?.id ?? '');
  const [answers, setAnswers] = useState<AssistanceAnswerView[]>(view.requests);
  const [pending, setPending] = useState<AskInput | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const claimRef = useRef<HTMLTextAreaElement | null>(null);

  // Look time: one tracker for the panel's life; reported totals only grow.
  const [looks] = useState(() => createLookTracker());
  const reported = useRef(new Map<string, number>());
  const flush = useRef(() => {});
  flush.current = () => {
    const fresh = looks.totals().filter((l) => l.visibleMs > (reported.current.get(l.requestId) ?? 0));
    if (fresh.length === 0) return;
    for (const l of fresh) reported.current.set(l.requestId, l.visibleMs);
    // Fire and forget: a lost report only loses look time, never the answer.
    void recordLook({ assignmentId: view.assignmentId, looks: fresh }).catch(() => undefined);
  };
  useEffect(() => {
    const onVisibility = () => {
      const visible = document.visibilityState === 'visible';
      looks.setPageVisible(visible);
      if (!visible) flush.current();
    };
    onVisibility();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      flush.current();
    };
  }, [looks]);
  useEffect(() => {
    if (locked) flush.current();
  }, [locked]);

  const toggle = () => {
    if (open) flush.current();
    setOpen(!open);
  };

  async function send(input: AskInput) {
    setPending(input);
    setFormError(null);
    setStatus(t('asking'));
    try {
      const result = await ask(input);
      if (!result.ok) {
        setFormError(result.error);
        setStatus(t('notAsked', { error: result.error }));
        return;
      }
      const answer = result.answer;
      setAnswers((list) => [...list.filter((a) => a.id !== answer.id), answer]);
      setStatus(
        answer.status === 'ANSWERED'
          ? t('ready', { title: titleOf(answer, detect, t) })
          : t('couldNotAnswerWith', { error: answer.error ?? '' }),
      );
    } catch {
      const message = t('unreachable');
      setFormError(message);
      setStatus(message);
    } finally {
      setPending(null);
    }
  }

  function askNow() {
    if (pending || locked) return;
    const target = detect ? null : responseId;
    let claim: AskInput['claim'] = null;
    if (kind === 'FACT_CHECK') {
      const area = claimRef.current;
      if (!area || area.selectionEnd <= area.selectionStart) {
        setFormError(t('selectClaim'));
        return;
      }
      claim = { start: area.selectionStart, end: area.selectionEnd };
    }
    void send({ assignmentId: view.assignmentId, clientKey: newClientKey(), kind: detect ? 'CRITIQUE' : kind, responseId: target, claim });
  }

  const chosen = responses.find((r) => r.id === responseId);
  const retry = (a: AssistanceAnswerView) => {
    if (pending || locked) return;
    const original = answers.find((x) => x.id === a.id);
    const r = responses.find((x) => x.label === original?.responseLabel);
    const text = r?.text ?? '';
    const start = original?.claim ? text.indexOf(original.claim) : -1;
    void send({
      assignmentId: view.assignmentId,
      clientKey: newClientKey(),
      kind: a.kind,
      responseId: detect ? null : (r?.id ?? null),
      claim: original?.claim && start >= 0 ? { start, end: start + original.claim.length } : null,
    });
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-2 rounded-lg border border-violet-200 bg-violet-50/40 p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
          {detect ? t('askForMore') : t('heading')}
        </h2>
        {detect ? null : (
          <button
            type="button"
            aria-expanded={open}
            aria-controls={`${id}-body`}
            onClick={toggle}
            className="rounded-md border border-violet-300 bg-white px-3 py-1.5 text-sm font-medium text-violet-900 hover:bg-violet-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400"
          >
            {open ? t('close') : t('open')}
          </button>
        )}
      </div>
      <p className="text-xs text-slate-600">{detect ? t('introDetect') : t('intro')}</p>
      {open ? (
        <div id={`${id}-body`} className="flex flex-col gap-3">
          <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap sm:items-end">
            {detect ? null : (
              <>
                <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
                  {t('askFor')}
                  <select value={kind} onChange={(e) => setKind(e.target.value as AssistanceKind)} className={inputClass} disabled={locked}>
                    {kinds.map((k) => (
                      <option key={k} value={k}>
                        {t(`kind.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
                  {t('about')}
                  <select value={responseId} onChange={(e) => setResponseId(e.target.value)} className={inputClass} disabled={locked}>
                    {responses.map((r) => (
                      <option key={r.id} value={r.id}>
                        {t('response', { letter: r.label })}
                      </option>
                    ))}
                  </select>
                </label>
              </>
            )}
            <Button type="button" onClick={askNow} disabled={Boolean(pending) || locked} aria-describedby={`${id}-error`}>
              {pending ? t('askingShort') : detect ? t('askAnother') : t('ask')}
            </Button>
          </div>
          {!detect && kind === 'FACT_CHECK' && chosen ? (
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-claim-text`} className="text-sm font-medium text-slate-800">
                {t('claimIn', { letter: chosen.label })}
              </label>
              <SelectableText
                id={`${id}-claim`}
                text={chosen.text}
                areaRef={claimRef}
                hint={t('claimHint')}
                hintClassName="text-xs text-slate-600"
              />
            </div>
          ) : null}
          <div id={`${id}-error`} role="alert" className="text-sm text-red-700">
            {formError ? <p>{formError}</p> : null}
          </div>
          {answers.length > 0 ? (
            <ol className="flex flex-col gap-2" aria-label={t('answers')}>
              {answers.map((a) => (
                <AnswerCard
                  key={a.id}
                  answer={a}
                  title={titleOf(a, detect, t)}
                  looks={looks}
                  onRetry={() => retry(a)}
                  busy={Boolean(pending) || locked}
                />
              ))}
            </ol>
          ) : null}
        </div>
      ) : null}
      <p className="sr-only" role="status" aria-live="polite">
        {status}
      </p>
    </section>
  );
}

function AnswerCard({
  answer,
  title,
  looks,
  onRetry,
  busy,
}: {
  answer: AssistanceAnswerView;
  title: string;
  looks: ReturnType<typeof createLookTracker>;
  onRetry: () => void;
  busy: boolean;
}) {
  const t = useTranslations('Assistant');
  const ref = useRef<HTMLLIElement | null>(null);
  const answered = answer.status === 'ANSWERED';
  useEffect(() => {
    const el = ref.current;
    if (!el || !answered || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) looks.setInView(answer.id, entry.isIntersecting && entry.intersectionRatio >= 0.25);
      },
      { threshold: [0, 0.25, 0.5, 1] },
    );
    observer.observe(el);
    return () => {
      observer.disconnect();
      looks.setInView(answer.id, false);
    };
  }, [answer.id, answered, looks]);
  return (
    <li ref={ref} className="rounded-md border border-slate-200 bg-white p-3" data-assistant-answer={answer.status.toLowerCase()}>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {answer.claim ? (
        <p dir="auto" className="mt-1 border-s-2 border-slate-300 ps-2 text-xs text-slate-600 whitespace-pre-wrap">
          {answer.claim}
        </p>
      ) : null}
      {answered ? (
        // Untrusted model text: a text node, never HTML.
        <p dir="auto" className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-800">
          {answer.answer}
        </p>
      ) : answer.status === 'FAILED' ? (
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <p className="text-sm text-red-700">{answer.error ?? t('couldNotAnswer')}</p>
          <Button type="button" variant="secondary" onClick={onRetry} disabled={busy}>
            {t('askAgain')}
          </Button>
        </div>
      ) : (
        <p className="mt-1 text-sm text-slate-600">{t('waiting')}</p>
      )}
    </li>
  );
}
