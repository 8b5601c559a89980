'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { shortcutKey } from '@/lib/i18n/shortcut-key';
import { PromptView } from '@/components/label/prompt-view';
import { LeaseNote } from '@/components/task/lease-note';
import { NextTaskNotice, SaveStatusNote, TaskActions, TaskAnnouncer, TaskDialogs } from '@/components/task/task-parts';
import type { SaveDraft } from '@/components/task/use-autosave';
import { draftIsState } from '@/components/task/task-lifecycle';
import { useTaskScreen, type SkipTask } from '@/components/task/use-task-screen';
import { ResponseText } from '@/components/ui/response-text';
import { firstErrorIndex, unratedSteps } from '@/lib/steps/check-step-labels';
import {
  FINAL_ANSWERS,
  STEP_RATINGS,
  ZStepsDraft,
  type FinalAnswer,
  type StepRating,
  type TStepsDraft,
  type TSubmitSteps,
} from '@/lib/steps/schemas';
import type { StepsTaskView } from '@/lib/tasks/kinds/steps';
import type { ActionResult } from '@/lib/tasks/task-view';

type Props = {
  view: StepsTaskView;
  guidelines: ReactNode;
  saveDraft: SaveDraft<TStepsDraft>;
  submitSteps: (input: TSubmitSteps) => Promise<ActionResult<{ duplicate: boolean }>>;
  skipTask: SkipTask;
};

const wiring = draftIsState(ZStepsDraft);
const NOT_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);
const isTextEntry = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable ||
    el.tagName === 'TEXTAREA' ||
    el.tagName === 'SELECT' ||
    (el instanceof HTMLInputElement && !NOT_TYPING_INPUTS.has(el.type)));
const activatesOnEnter = (el: EventTarget | null) =>
  el instanceof HTMLElement && Boolean(el.closest('button, a[href], summary, [role="button"]'));
const FINAL_KEYS: Record<string, FinalAnswer> = { c: 'CORRECT', i: 'INCORRECT', t: 'CANT_TELL' };
/** Catalogue keys of the ratings and verdicts (Steps.rating.*, Steps.final.*). */
const RATING_KEY = { '-1': 'negative', '0': 'neutral', '1': 'positive' } as const;
const ratingKey = (r: StepRating) => RATING_KEY[String(r) as '-1' | '0' | '1'];
const ratingStyle: Record<string, string> = {
  '-1': 'border-red-600 bg-red-50 text-red-800',
  '0': 'border-slate-500 bg-slate-100 text-slate-800',
  '1': 'border-emerald-600 bg-emerald-50 text-emerald-800',
};

/**
 * The steps task (issue 27): the conversation and the solution as numbered steps, each rated
 * −1 / 0 / +1 with PRM800K's meanings, an optional flaw note on a negative step, and the final
 * verdict on the answer. Keyboard first: ↑/↓ move between steps, 1/2/3 rate the current one,
 * c/i/t the verdict, Enter submits. An unrated step stays "Not rated" (never a default) and the
 * screen lists the ones left; under "until the first error" the steps after a negative one are
 * not asked.
 */
export function StepsScreen({ view, guidelines, saveDraft, submitSteps, skipTask }: Props) {
  const { assignmentId, steps, untilFirstError } = view;
  const t = useTranslations('Steps');
  /** "step 2", "steps 2 and 4", "steps 2, 4 and 5" (1-based), in the labeler's language. */
  const stepList = (indexes: number[]) => {
    const n = indexes.map((i) => String(i + 1));
    if (n.length === 1) return t('stepOne', { step: n[0] ?? '' });
    return t('stepMany', { steps: n.slice(0, -1).join(t('listSeparator')), last: n.at(-1) ?? '' });
  };
  const ratingName = (r: StepRating | null) => (r === null ? t('notRated') : t(`rating.${ratingKey(r)}.name`));
  const headingId = useId();
  const [current, setCurrent] = useState(0);
  const stepRefs = useRef<(HTMLLIElement | null)[]>([]);
  const task = useTaskScreen({
    view,
    initial: view.draft ?? { ratings: [], flaws: [], finalAnswer: null, activeMs: 0 },
    initialActiveMs: view.draft?.activeMs ?? 0,
    ...wiring,
    saveDraft,
    skipTask,
  });
  const { ratings, flaws, finalAnswer } = task.state;
  const stop = untilFirstError ? firstErrorIndex(ratings.map((r) => ({ rating: r ?? 0 }))) : null;
  const asked = (i: number) => stop === null || i <= stop;
  const unrated = unratedSteps(ratings, steps.length, untilFirstError);

  function rate(i: number, rating: StepRating) {
    const next = Array.from({ length: steps.length }, (_, k) => ratings[k] ?? null);
    next[i] = rating;
    const nextFlaws = rating === -1 ? flaws : flaws.map((f, k) => (k === i ? '' : f));
    task.dispatch({ ratings: next, flaws: nextFlaws });
    task.setSubmitError('');
    const key = ratingKey(rating);
    if (rating === -1 && untilFirstError) {
      task.announce(t('announce.stopped', { step: i + 1, rating: t(`rating.${key}.name`) }));
      return;
    }
    task.announce(t('announce.rated', { step: i + 1, rating: t(`rating.${key}.name`), meaning: t(`rating.${key}.meaning`) }));
    // On to the next step still to rate, if any.
    const after = unratedSteps(next, steps.length, untilFirstError).find((k) => k > i);
    if (after !== undefined) move(after);
  }

  function setFlaw(i: number, text: string) {
    const next = Array.from({ length: steps.length }, (_, k) => flaws[k] ?? '');
    next[i] = text;
    task.dispatch({ flaws: next });
  }

  function move(i: number) {
    const to = Math.max(0, Math.min(steps.length - 1, i));
    setCurrent(to);
    stepRefs.current[to]?.focus();
  }

  async function submit() {
    if (unrated.length > 0) {
      task.setSubmitError(t('rateEvery', { steps: stepList(unrated), count: unrated.length }));
      return move(unrated[0]!);
    }
    if (finalAnswer === null) return task.setSubmitError(t('sayFinal'));
    await task.submit((draft, activeMs) =>
      submitSteps({
        assignmentId,
        ratings: draft.ratings.slice(0, steps.length),
        flaws: draft.flaws.slice(0, steps.length),
        finalAnswer: draft.finalAnswer,
        activeMs,
      }),
    );
  }

  function onKey(e: KeyboardEvent) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || task.dialog) return;
    if (isTextEntry(e.target)) return;
    const handled = () => e.preventDefault();
    // The Latin key whatever the layout printed (issue 31): digits and c/i/t act by position on any keyboard.
    const key = shortcutKey(e);
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      handled();
      return move(current + (key === 'ArrowDown' ? 1 : -1));
    }
    const rating = STEP_RATINGS.find((r) => r.key === key);
    if (rating) {
      handled();
      if (task.locked) return;
      if (!asked(current)) return task.announce(t('announce.notAsked', { step: current + 1 }));
      return rate(current, rating.rating);
    }
    const verdict = FINAL_KEYS[key];
    if (verdict) {
      handled();
      task.dispatch({ finalAnswer: verdict });
      return task.announce(t(`final.${verdict}`));
    }
    if (key === 'Enter' && !activatesOnEnter(e.target)) {
      handled();
      void submit();
    }
  }

  const keyHandler = useRef(onKey);
  useLayoutEffect(() => {
    keyHandler.current = onKey;
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  return (
    <div className="flex flex-col gap-4">
      <TaskAnnouncer task={task} />
      <NextTaskNotice task={task} />
      <section aria-labelledby={`${headingId}-prompt`} className="flex flex-col gap-2">
        <h2 id={`${headingId}-prompt`} ref={task.headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
          {t('problem')}
        </h2>
        <PromptView messages={view.messages} />
      </section>

      <section aria-labelledby={headingId} className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id={headingId} className="text-lg font-semibold">
            {t('heading')}
          </h2>
          <div className="flex flex-wrap items-center gap-3">
            <LeaseNote lease={task.lease} />
            <SaveStatusNote task={task} />
          </div>
        </div>
        <dl
          className="grid grid-cols-1 gap-1 rounded-md border border-slate-200 bg-white p-3 text-sm sm:grid-cols-3"
          aria-label={t('ratings')}
        >
          {STEP_RATINGS.map((r) => (
            <div key={r.rating}>
              <dt className="inline font-semibold">
                {r.key} · {t(`rating.${ratingKey(r.rating)}.name`)} ({r.rating > 0 ? '+1' : r.rating})
              </dt>
              <dd className="inline text-slate-700">: {t(`rating.${ratingKey(r.rating)}.meaning`)}</dd>
            </div>
          ))}
        </dl>
        <p className="text-xs text-slate-600">
          {task.ready ? t('keysOn') : t('keysLoading')} {t('keys')}
          {untilFirstError ? ` · ${t('keysUntilFirstError')}` : ''}
        </p>
        <p role="status" aria-live="polite" className="text-sm font-medium text-slate-800">
          {unrated.length === 0 ? t('allRated') : t('stillUnrated', { steps: stepList(unrated) })}
        </p>
        <ol className="flex flex-col gap-2" aria-label={t('steps')}>
          {steps.map((text, i) => {
            const rating = ratings[i] ?? null;
            const isAsked = asked(i);
            return (
              <li
                key={i}
                ref={(el) => {
                  stepRefs.current[i] = el;
                }}
                tabIndex={-1}
                aria-current={i === current ? 'step' : undefined}
                aria-label={t('stepLabel', { step: i + 1, state: isAsked ? ratingName(rating) : t('notAskedShort') })}
                onClick={() => setCurrent(i)}
                className={`rounded-md border p-3 focus:outline-none ${i === current ? 'ring-2 ring-indigo-400' : ''} ${isAsked ? 'border-slate-200 bg-white' : 'border-dashed border-slate-200 bg-slate-50 opacity-60'}`}
              >
                <div className="mb-1 flex flex-wrap items-center justify-between gap-2">
                  <span className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{t('step', { step: i + 1 })}</span>
                  {isAsked ? (
                    <div role="group" aria-label={t('rateStep', { step: i + 1 })} className="flex gap-1">
                      {STEP_RATINGS.map((r) => (
                        <button
                          key={r.rating}
                          type="button"
                          aria-pressed={rating === r.rating}
                          disabled={task.locked}
                          onClick={() => {
                            setCurrent(i);
                            rate(i, r.rating);
                          }}
                          className={`rounded-md border px-2 py-0.5 text-xs font-medium ${rating === r.rating ? ratingStyle[String(r.rating)] : 'border-slate-300 bg-white text-slate-700'}`}
                        >
                          {t(`rating.${ratingKey(r.rating)}.name`)}
                        </button>
                      ))}
                    </div>
                  ) : (
                    <span className="text-xs text-slate-600">{t('notAsked')}</span>
                  )}
                </div>
                <ResponseText text={text} />
                {isAsked && rating === -1 && (
                  <label className="mt-2 flex flex-col gap-1 text-sm">
                    <span className="font-medium">{t('whatIsWrong')}</span>
                    <textarea
                      dir="auto"
                      value={flaws[i] ?? ''}
                      onChange={(e) => setFlaw(i, e.target.value)}
                      readOnly={!task.ready || task.locked}
                      rows={2}
                      className="rounded-md border border-slate-300 p-2 text-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-300 focus:outline-none"
                    />
                  </label>
                )}
              </li>
            );
          })}
        </ol>
        <fieldset className="flex flex-wrap gap-4 rounded-md border border-slate-200 bg-white p-3">
          <legend className="px-1 text-sm font-semibold">{t('finalAnswer')}</legend>
          {FINAL_ANSWERS.map((f) => (
            <label key={f.value} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${headingId}-final`}
                checked={finalAnswer === f.value}
                disabled={task.locked}
                onChange={() => task.dispatch({ finalAnswer: f.value })}
              />
              {t(`final.${f.value}`)}
            </label>
          ))}
        </fieldset>
        {task.submitError && (
          <p role="alert" className="text-sm font-medium text-red-700">
            {task.submitError}
          </p>
        )}
      </section>

      <TaskActions task={task} submitLabel={t('submit')} onSubmit={() => void submit()} />
      <TaskDialogs task={task} guidelines={guidelines} />
    </div>
  );
}
