'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { shortcutKey } from '@/lib/i18n/shortcut-key';
import type { TSubmitRanking } from '@/lib/judgments/schemas';
import type { ActionResult, LabelProgress, RankingTaskView } from '@/lib/tasks/task-view';
import { Button } from '@/components/ui/button';
import { AspectStep, useAspectStep } from '@/components/label/aspect-step';
import { Dialog } from '@/components/label/dialog';
import { AssistantPanel, type AssistantMount } from '@/components/label/assistant-panel';
import { KeyMapTable } from '@/components/label/key-map';
import { LabelProgressBar } from '@/components/label/label-progress-bar';
import { PromptView } from '@/components/label/prompt-view';
import { RankingBoard } from '@/components/label/ranking-board';
import {
  describeRanking,
  draftReducer,
  EMPTY_RATING,
  placeNext,
  sanitizeDraft,
  submitCheck,
  tieWithLastPlaced,
  toDraft,
  toSubmit,
  unplaceLast,
  unrankedOf,
  type DraftAction,
  type RankingWords,
  type ScreenDraft,
} from '@/components/label/ranking-state';
import { ResponseCard } from '@/components/label/response-card';
import { WordDiffView } from '@/components/label/word-diff-view';
import { LeaseNote } from '@/components/task/lease-note';
import { NextTaskNotice, SaveStatusNote, TaskAnnouncer, TaskDialogs } from '@/components/task/task-parts';
import type { SaveDraft } from '@/components/task/use-autosave';
import { useTaskScreen, type SkipTask } from '@/components/task/use-task-screen';
import { FlagLabel } from '@/components/taxonomy/fallback-note';

type Props = {
  view: RankingTaskView;
  progress: LabelProgress;
  /** The project's guidelines, rendered on the server. */
  guidelines: ReactNode;
  saveDraft: SaveDraft;
  submitRanking: (input: TSubmitRanking) => Promise<ActionResult<{ duplicate: boolean }>>;
  skipTask: SkipTask;
  /** The Assistant panel (issue 25): set only when assistance is on for this assignment. */
  assistant?: AssistantMount | null;
};

const LETTERS = 'abcdefghi';
/** The toolbar's buttons: small, so the sticky toolbar stays within ~15% of a phone's height. */
const toolBase =
  'shrink-0 items-center rounded-md border bg-white px-2 py-1 text-xs font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400';
const toolButton = `${toolBase} inline-flex border-slate-300 text-slate-800 hover:bg-slate-50 disabled:text-slate-400`;
const NOT_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Keys typed into a text field, select or editable region belong to it, not to the shortcuts. */
function isTextEntry(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el instanceof HTMLInputElement && !NOT_TYPING_INPUTS.has(el.type);
}

/** Enter on these activates them; it submits the task only elsewhere. */
const activatesOnEnter = (el: Element | null) =>
  el instanceof HTMLElement && Boolean(el.closest('button, a[href], summary, [role="button"], input[type="submit"]'));

/**
 * The labeler's ranking screen (PRODUCT §3.1, §8): score, flag and annotate each response, rank
 * them with ties (drag and drop, buttons or keyboard), then submit. A response is placed or not
 * ranked yet; a submit needs every response placed, or "the rest tie below" (t), or "all
 * unacceptable" (u): nothing is ever filled in for the labeler (issue 17). Warnings appear only
 * when the labeler submits, and only those that apply (issue 18). Drafts, skip, submit and the
 * next task are useTaskScreen's, as on every task screen. Wide screens keep the ranking in a side
 * panel beside the responses.
 */
export function RankingScreen({ view, progress, guidelines, saveDraft, submitRanking, skipTask, assistant }: Props) {
  const t = useTranslations('Rank');
  const tLikert = useTranslations('Likert');
  const words: RankingWords = useMemo(
    () => ({
      listSeparator: t('listSeparator'),
      missingLikert: (letters) => t('warnings.missingLikert', { letters }),
      contradiction: (v) => t('warnings.contradiction', v),
      moreContradictions: (count) => t('warnings.moreContradictions', { count }),
      shownOrder: t('warnings.shownOrder'),
      tiedWith: t('tiedWith'),
      then: t('then'),
    }),
    [t],
  );
  const list = (letters: string[]) => letters.join(words.listSeparator);
  const { responses, taxonomy, assignmentId } = view;
  const ids = useMemo(() => responses.map((r) => r.id), [responses]);
  const labelOf = useMemo(() => {
    const map = new Map(responses.map((r) => [r.id, r.label]));
    return (id: string) => map.get(id) ?? '?';
  }, [responses]);
  const excerptOf = useMemo(() => {
    // An empty imported reply (issue 19) is named, not left blank.
    const map = new Map(responses.map((r) => [r.id, r.text.replace(/\s+/g, ' ').trim().slice(0, 90) || t('emptyResponse')]));
    return (id: string) => map.get(id) ?? '';
  }, [responses, t]);

  const aspectNames = useMemo(() => (view.aspects ?? []).map((a) => a.name), [view.aspects]);
  const [{ activeMs: initialActiveMs, ...initial }] = useState(() => sanitizeDraft(view.draft, ids, taxonomy, aspectNames));
  const task = useTaskScreen({
    view,
    initial,
    initialActiveMs,
    reduce: (state: ScreenDraft, action: DraftAction) => draftReducer(state, action, ids),
    toDraft: (state: ScreenDraft, activeMs: number) => toDraft(state, ids, activeMs),
    fromDraft: (raw: unknown) => {
      const { activeMs, ...state } = sanitizeDraft(raw, ids, taxonomy, aspectNames);
      return { state, activeMs };
    },
    saveDraft,
    skipTask,
  });
  const { state: draft, dispatch, ready, dialog, setDialog, announce } = task;
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const [flagMenu, setFlagMenu] = useState<string | null>(null);
  const [stacked, setStacked] = useState(responses.length > 3);
  const rankMode = draft.rankMode;
  const aspectStep = useAspectStep({
    aspects: view.aspects,
    answers: draft.aspects,
    ids,
    labelOf,
    off: draft.allUnacceptable,
    locked: task.locked,
    setAnswer: (aspect, answer) => dispatch({ type: 'aspect', aspect, answer }),
    announce,
    leaveOverallMode: () => (rankMode ? dispatch({ type: 'leaveRankMode' }) : undefined),
  });

  const unranked = unrankedOf(draft.ranking, ids);
  const check = submitCheck(draft, ids, labelOf, words);
  const warningTexts = check.warnings.map((w) => w.text);
  const { locked, phase } = task;
  // Unplaced responses and open aspects (issue 27) block a submit; warnings only ask to confirm.
  const blocked = check.unranked.length > 0 || aspectStep.problems.length > 0;
  const finished = phase === 'submitted' || phase === 'skipped' ? phase : null;
  const notRankedText = (ranking: string[][]) => {
    const rest = unrankedOf(ranking, ids);
    return rest.length ? ` ${t('announce.notRankedYet', { letters: list(rest.map(labelOf)) })}` : '';
  };
  const setRanking = (ranking: string[][], message?: string) => {
    dispatch({ type: 'ranking', ranking });
    announce(
      message ??
        `${t('announce.order', { order: describeRanking(ranking, labelOf, words) || t('nothingPlaced') })}${notRankedText(ranking)}`,
    );
  };

  const focusResponse = (id: string) => {
    setFocusedId(id);
    const el = document.getElementById(`response-${labelOf(id)}`);
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  const toggleFlagMenu = (id: string, viaKey = false) => {
    const opening = flagMenu !== id;
    setFlagMenu(opening ? id : null);
    if (opening && viaKey) {
      requestAnimationFrame(() => document.querySelector<HTMLInputElement>(`#response-${labelOf(id)} input[type="checkbox"]`)?.focus());
    } else if (!opening) {
      requestAnimationFrame(() => document.getElementById(`response-${labelOf(id)}`)?.focus({ preventScroll: true }));
    }
  };

  const setRestGroupedBelow = (value: boolean) => {
    if (value && draft.ranking.length === 0) return announce(t('announce.placeOneFirst'));
    if (value && unranked.length === 0) return announce(t('announce.allPlacedAlready'));
    dispatch({ type: 'restGroupedBelow', value });
    announce(value ? t('announce.restTieBelowOn', { letters: list(unranked.map(labelOf)) }) : t('announce.restTieBelowOff'));
  };

  async function submit() {
    if (locked) return;
    if (rankMode) dispatch({ type: 'leaveRankMode' });
    // The checklist (shown from the first attempt on, never before: issue 18) says what is missing;
    // warnings count as seen then, so the next submit goes through them (unless they change).
    if (!task.confirmed(warningTexts, blocked)) {
      const parts = [
        check.unranked.length > 0 ? t('checklist.notRanked', { letters: list(check.unranked) }) : '',
        ...aspectStep.problems,
        ...warningTexts,
        !blocked ? t('checklist.submitAnyway') : '',
      ];
      announce(t('announce.notSubmitted', { details: parts.filter(Boolean).join(' ') }));
      return;
    }
    await task.submit((state, activeMs) =>
      submitRanking(
        toSubmit(
          state,
          ids,
          assignmentId,
          activeMs,
          check.warnings.map((w) => w.code),
          aspectNames,
        ),
      ),
    );
  }

  function onKey(e: KeyboardEvent) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (dialog || document.querySelector('dialog[open]') || finished) return;
    const target = e.target instanceof Element ? e.target : null;
    if (isTextEntry(target)) return;
    // The Latin key whatever the layout printed (issue 31): an Arabic or kana keyboard's keys act by position.
    const key = shortcutKey(e);
    const index = LETTERS.indexOf(key);
    const letterId = key.length === 1 && index >= 0 ? ids[index] : undefined;
    const handled = () => e.preventDefault();

    // The aspect step's keys (y, o, and letters while an aspect is ranked by keyboard) come first.
    if (aspectStep.onKey(key)) return handled();

    if (rankMode) {
      if (key === 'Escape') {
        handled();
        dispatch({ type: 'leaveRankMode' });
        return announce(
          `${t('announce.leftRankMode', { order: describeRanking(draft.ranking, labelOf, words) || t('nothingPlaced') })}${notRankedText(draft.ranking)}`,
        );
      }
      if (key === 'Backspace') {
        handled();
        const next = unplaceLast(draft.ranking);
        if (!next.removed) return announce(t('announce.nothingPlacedYet'));
        return setRanking(
          next.ranking,
          t('announce.tookBack', {
            letter: labelOf(next.removed),
            order: describeRanking(next.ranking, labelOf, words) || t('nothingPlaced'),
          }),
        );
      }
      if (key === '=') {
        handled();
        if (draft.ranking.length === 0) return announce(t('announce.tieNeedsPlaced'));
        dispatch({ type: 'tiePending' });
        return announce(t('announce.tiePending', { letters: list(draft.ranking[draft.ranking.length - 1]?.map(labelOf) ?? []) }));
      }
      if (letterId) {
        handled();
        const next = rankMode.tiePending ? tieWithLastPlaced(draft.ranking, letterId) : placeNext(draft.ranking, letterId);
        if (next === draft.ranking) return announce(t('announce.alreadyPlaced', { letter: labelOf(letterId) }));
        if (unrankedOf(next, ids).length === 0)
          return setRanking(next, t('announce.allPlaced', { order: describeRanking(next, labelOf, words) }));
        return setRanking(next, t('announce.orderSoFar', { order: describeRanking(next, labelOf, words) }));
      }
    }

    if (letterId) {
      handled();
      return focusResponse(letterId);
    }
    if (/^[1-7]$/.test(key)) {
      handled();
      if (!focusedId) return announce(t('announce.pickResponseFirst'));
      const value = Number(key);
      dispatch({ type: 'likert', id: focusedId, value });
      return announce(t('announce.scored', { letter: labelOf(focusedId), value, label: tLikert(String(value) as '1') }));
    }
    switch (key) {
      case 'r':
        handled();
        if (draft.allUnacceptable) return announce(t('announce.untickUnacceptable'));
        dispatch({ type: 'startRankMode' });
        return announce(t('announce.rankModeStarted'));
      case 't':
        handled();
        return setRestGroupedBelow(!draft.restGroupedBelow);
      case 'u':
        handled();
        dispatch({ type: 'allUnacceptable', value: !draft.allUnacceptable });
        return announce(draft.allUnacceptable ? t('announce.rankingBackOn') : t('announce.allUnacceptableOn'));
      case 'f':
        handled();
        if (!focusedId) return announce(t('announce.pickBeforeFlags'));
        return toggleFlagMenu(focusedId, true);
      case 'Escape':
        if (!flagMenu) return;
        handled();
        return toggleFlagMenu(flagMenu);
      case 'C':
        handled();
        if (!focusedId) return announce(t('announce.pickFirst'));
        return setExpanded((x) => ({ ...x, [focusedId]: !x[focusedId] }));
      case 'D':
        handled();
        return setDialog('diff');
      case 'G':
        handled();
        return setDialog('guidelines');
      case 's':
        handled();
        return setDialog('skip');
      case '?':
        handled();
        return setDialog('keys');
      case 'Enter':
        if (activatesOnEnter(target)) return;
        handled();
        return void submit();
    }
  }

  // One listener; it always calls the latest handler (updated before the browser paints).
  const keyHandler = useRef(onKey);
  useLayoutEffect(() => {
    keyHandler.current = onKey;
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => keyHandler.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const focusedLabel = focusedId ? labelOf(focusedId) : null;
  const placedLabels = rankMode ? describeRanking(draft.ranking, labelOf, words) : '';
  const gridColumns = stacked ? 'grid-cols-1' : responses.length === 2 ? 'md:grid-cols-2' : 'xl:grid-cols-3 md:grid-cols-2';
  const checkShown = task.confirmShown;
  const confirmable = checkShown && !blocked && check.warnings.length > 0 && task.unconfirmed(warningTexts).length === 0;
  const summary = draft.allUnacceptable
    ? t('summary.allUnacceptable')
    : `${draft.ranking.map((group) => group.map(labelOf).join('=')).join(' › ') || t('summary.nothingRanked')}${unranked.length ? ` · ${draft.restGroupedBelow ? t('summary.tieBelow', { letters: unranked.map(labelOf).join(' ') }) : t('summary.notRanked', { letters: unranked.map(labelOf).join(' ') })}` : ''}`;

  return (
    <div className="flex flex-col gap-4">
      <div
        role="region"
        aria-label={t('taskTools')}
        className="sticky top-0 z-10 -mx-4 flex flex-col gap-1 border-b border-slate-200 bg-white/95 px-4 py-2 backdrop-blur"
      >
        <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-0.5">
          <LabelProgressBar progress={progress} compact />
          <LeaseNote lease={task.lease} />
          <SaveStatusNote task={task} word="saved" />
        </div>
        <div className="flex items-center justify-between gap-2">
          <p
            className={`min-w-0 rounded-md px-2 py-0.5 text-xs ${rankMode ? 'bg-amber-100 font-medium text-amber-900' : 'hidden text-slate-700 sm:block'}`}
          >
            {rankMode
              ? `${t(rankMode.tiePending ? 'hint.rankModeTie' : 'hint.rankMode')}${placedLabels ? ` · ${t('hint.soFar', { order: placedLabels })}` : ''}`
              : focusedLabel
                ? t('hint.focused', { letter: focusedLabel })
                : ready
                  ? t('hint.ready')
                  : t('hint.loading')}
          </p>
          <div className="flex min-w-0 gap-1.5 overflow-x-auto">
            <button type="button" onClick={() => setDialog('guidelines')} aria-keyshortcuts="Shift+G" className={toolButton}>
              {t('tools.guidelines')}
            </button>
            <button
              type="button"
              onClick={() => setDialog('diff')}
              aria-keyshortcuts="Shift+D"
              disabled={responses.length < 2}
              className={toolButton}
            >
              {t('tools.wordDiff')}
            </button>
            <button
              type="button"
              onClick={() => setStacked((s) => !s)}
              aria-pressed={stacked}
              className={`${toolBase} hidden border-slate-300 text-slate-800 hover:bg-slate-50 aria-pressed:border-indigo-400 aria-pressed:bg-indigo-50 md:inline-flex`}
            >
              {t('tools.stacked')}
            </button>
            <button type="button" onClick={() => setDialog('keys')} aria-keyshortcuts="?" className={toolButton}>
              {t('tools.keys')}
            </button>
            <button
              type="button"
              onClick={() => setDialog('skip')}
              aria-keyshortcuts="s"
              disabled={locked}
              className={`${toolBase} inline-flex border-red-300 text-red-700 hover:bg-red-50 disabled:text-red-300`}
            >
              {t('tools.skip')}
            </button>
          </div>
        </div>
      </div>

      <NextTaskNotice task={task} />

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <div className="flex min-w-0 flex-col gap-4">
          <section aria-labelledby="prompt-heading" className="flex flex-col gap-2">
            <h2
              id="prompt-heading"
              ref={task.headingRef}
              tabIndex={-1}
              className="scroll-mt-32 text-base font-semibold text-slate-900 focus:outline-none"
            >
              {t('prompt')}
            </h2>
            <PromptView messages={view.messages} />
          </section>

          <section aria-labelledby="responses-heading" className="flex flex-col gap-2">
            <h2 id="responses-heading" className="text-base font-semibold text-slate-900">
              {t('responses')}
            </h2>
            <div className={`grid gap-3 ${gridColumns}`}>
              {responses.map((r) => (
                <ResponseCard
                  key={r.id}
                  response={r}
                  rating={draft.ratings[r.id] ?? EMPTY_RATING}
                  flags={taxonomy.responseFlags}
                  focused={focusedId === r.id}
                  collapsed={!expanded[r.id]}
                  disabled={locked}
                  onToggleCollapsed={() => setExpanded((x) => ({ ...x, [r.id]: !x[r.id] }))}
                  flagsOpen={flagMenu === r.id}
                  onToggleFlags={() => toggleFlagMenu(r.id)}
                  onFocusWithin={() => setFocusedId(r.id)}
                  onLikert={(value) => dispatch({ type: 'likert', id: r.id, value })}
                  onFlag={(flag, on) => dispatch({ type: 'flag', id: r.id, flag, on })}
                  onAddFlaw={(flaw) => {
                    dispatch({ type: 'addFlaw', id: r.id, flaw });
                    announce(t('announce.flawAdded', { letter: r.label }));
                  }}
                  onRemoveFlaw={(index) => {
                    dispatch({ type: 'removeFlaw', id: r.id, index });
                    announce(t('announce.flawRemoved', { letter: r.label }));
                  }}
                />
              ))}
            </div>
          </section>

          {assistant ? <AssistantPanel mount={assistant} responses={responses} locked={locked} /> : null}

          {taxonomy.promptFlags.length > 0 ? (
            <section aria-labelledby="prompt-flags-heading" className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
              <fieldset disabled={locked} className="flex flex-col gap-1">
                <legend id="prompt-flags-heading" className="mb-1 text-sm font-semibold text-slate-900">
                  {t('aboutPrompt')}
                </legend>
                <div className="flex flex-wrap gap-x-4 gap-y-1">
                  {taxonomy.promptFlags.map((flag) => (
                    <label
                      key={flag.key}
                      title={flag.description || undefined}
                      className="flex items-center gap-1.5 text-xs text-slate-800"
                    >
                      <input
                        type="checkbox"
                        checked={draft.promptFlags.includes(flag.key)}
                        onChange={(e) => dispatch({ type: 'promptFlag', flag: flag.key, on: e.target.checked })}
                        className="accent-indigo-600"
                      />
                      <FlagLabel flag={flag} />
                    </label>
                  ))}
                </div>
              </fieldset>
            </section>
          ) : null}
        </div>

        <aside
          id="ranking-panel"
          aria-labelledby="ranking-heading"
          className="flex scroll-mt-32 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm lg:sticky lg:top-20 lg:max-h-[calc(100vh-6rem)] lg:overflow-y-auto"
        >
          <div className="flex flex-wrap items-baseline justify-between gap-1">
            <h2 id="ranking-heading" className="text-base font-semibold text-slate-900">
              {t('ranking')}
            </h2>
            <p className="text-xs text-slate-600">{t('rankingHelp')}</p>
          </div>
          <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              checked={draft.allUnacceptable}
              disabled={locked}
              onChange={(e) => dispatch({ type: 'allUnacceptable', value: e.target.checked })}
              aria-keyshortcuts="u"
              className="accent-indigo-600"
            />
            {t('allUnacceptable')}
          </label>
          <fieldset disabled={draft.allUnacceptable || locked} className={draft.allUnacceptable ? 'opacity-50' : ''}>
            <legend className="sr-only">{t('order')}</legend>
            <RankingBoard
              ranking={draft.ranking}
              unranked={unranked}
              labelOf={labelOf}
              excerptOf={excerptOf}
              disabled={draft.allUnacceptable || locked}
              restGroupedBelow={draft.restGroupedBelow}
              onChange={(ranking) => {
                if (rankMode) dispatch({ type: 'leaveRankMode' });
                setRanking(ranking);
              }}
            />
            {unranked.length > 0 ? (
              <label className="mt-2 flex items-center gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  checked={draft.restGroupedBelow}
                  disabled={draft.ranking.length === 0}
                  onChange={(e) => setRestGroupedBelow(e.target.checked)}
                  aria-keyshortcuts="t"
                  className="accent-indigo-600"
                />
                {t('restTieBelow')}
              </label>
            ) : null}
          </fieldset>

          <AspectStep
            step={aspectStep}
            aspects={view.aspects ?? []}
            ids={ids}
            labelOf={labelOf}
            excerptOf={excerptOf}
            locked={locked}
            setAnswer={(aspect, answer) => dispatch({ type: 'aspect', aspect, answer })}
          />

          <section aria-label={t('submitSection')} className="flex flex-col gap-2">
            <div aria-live="polite">
              {checkShown && (blocked || check.warnings.length > 0) ? (
                <div
                  role="group"
                  aria-label={t('checklist.name')}
                  className={`rounded-md border p-2 text-sm ${blocked ? 'border-red-300 bg-red-50 text-red-900' : 'border-amber-300 bg-amber-50 text-amber-900'}`}
                >
                  <p className="font-medium">{blocked ? t('checklist.blocked') : t('checklist.warnings')}</p>
                  <ul className="mt-1 list-disc ps-5">
                    {check.unranked.length > 0 ? <li>{t('checklist.notRanked', { letters: list(check.unranked) })}</li> : null}
                    {aspectStep.problems.map((p) => (
                      <li key={p}>{p}</li>
                    ))}
                    {check.warnings.map((w) => (
                      <li key={w.code}>{w.text}</li>
                    ))}
                  </ul>
                  {confirmable ? <p className="mt-1 font-medium">{t('checklist.submitAnyway')}</p> : null}
                </div>
              ) : null}
            </div>
            <div role="alert" className="text-sm text-red-700">
              {task.submitError ? (
                <p className="rounded-md border border-red-200 bg-red-50 p-2">{t('notSubmitted', { error: task.submitError })}</p>
              ) : null}
            </div>
            <div className="flex items-center gap-3">
              <Button type="button" onClick={() => void submit()} disabled={locked} aria-keyshortcuts="Enter" className="px-6">
                {finished === 'submitted'
                  ? t('submit.done')
                  : phase === 'submitting'
                    ? t('submit.pending')
                    : confirmable
                      ? t('submit.anyway')
                      : t('submit.label')}
              </Button>
              <span className="text-xs text-slate-500">{t('submit.enterSubmits')}</span>
            </div>
            {finished ? (
              <p role="status" className="text-sm text-emerald-700">
                {t(finished === 'submitted' ? 'finished.submitted' : 'finished.skipped')}
              </p>
            ) : null}
          </section>
        </aside>
      </div>

      <a
        href="#ranking-panel"
        className="sticky bottom-0 z-10 -mx-4 block truncate border-t border-slate-200 bg-white/95 px-4 py-2 text-xs text-slate-800 backdrop-blur lg:hidden"
        aria-label={t('summary.link', { summary })}
      >
        {/* The visible text starts the accessible name (axe: label-content-name-mismatch on a phone). */}
        <span className="font-semibold">{t('summary.label')}</span> {summary}
      </a>

      <TaskAnnouncer task={task} />

      <TaskDialogs task={task} guidelines={guidelines} />
      <Dialog open={dialog === 'diff'} onClose={() => setDialog(null)} title={t('tools.wordDiff')} wide>
        <WordDiffView responses={responses} />
      </Dialog>
      <Dialog open={dialog === 'keys'} onClose={() => setDialog(null)} title={t('keysTitle')}>
        <KeyMapTable />
      </Dialog>
    </div>
  );
}
