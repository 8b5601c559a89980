'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState, useTransition, type ReactNode } from 'react';
import { likertContradictions, rankingWarnings } from '@/lib/judgments/ranking-warnings';
import type { TSkipReason, TSubmitRanking } from '@/lib/judgments/schemas';
import type { ActionResult, LabelProgress, RankingTaskView } from '@/lib/tasks/task-view';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/label/dialog';
import { KeyMapTable } from '@/components/label/key-map';
import { LabelProgressBar } from '@/components/label/label-progress-bar';
import { LeaseNote } from '@/components/label/lease-note';
import { pruneLocalDrafts, readLocalDraft, removeLocalDraft } from '@/components/label/local-draft';
import { PromptView } from '@/components/label/prompt-view';
import { RankingBoard } from '@/components/label/ranking-board';
import {
  describeRanking,
  draftReducer,
  EMPTY_RATING,
  placeNext,
  sanitizeDraft,
  shownRanking,
  tieWithLastPlaced,
  toDraft,
  toSubmit,
  unplaceLast,
} from '@/components/label/ranking-state';
import { LIKERT_LABELS, ResponseCard } from '@/components/label/response-card';
import { SkipForm } from '@/components/label/skip-form';
import { useActiveTime } from '@/components/label/use-active-time';
import { useAutosave, type SaveDraft, type SaveStatus } from '@/components/label/use-autosave';
import { WordDiffView } from '@/components/label/word-diff-view';

type Props = {
  view: RankingTaskView;
  progress: LabelProgress;
  /** The project's guidelines, rendered on the server. */
  guidelines: ReactNode;
  saveDraft: SaveDraft;
  submitRanking: (input: TSubmitRanking) => Promise<ActionResult<{ duplicate: boolean }>>;
  skipTask: (input: { assignmentId: string; reason: TSkipReason; note: string }) => Promise<ActionResult<{ skipped: true }>>;
};

type DialogName = 'skip' | 'diff' | 'guidelines' | 'keys';
type RankMode = { placed: number; tiePending: boolean };

const LETTERS = 'abcdefghi';
const MAX_LISTED_CONTRADICTIONS = 4;
const NOT_TYPING_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Keys typed into a text field, select or editable region belong to it, not to the shortcuts. */
function isTextEntry(el: Element | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el instanceof HTMLInputElement && !NOT_TYPING_INPUTS.has(el.type);
}

/** Enter on these activates them; it submits the task only elsewhere. */
const activatesOnEnter = (el: Element | null) => el instanceof HTMLElement && Boolean(el.closest('button, a[href], summary, [role="button"], input[type="submit"]'));

function saveStatusText(status: SaveStatus, ready: boolean): string {
  switch (status.kind) {
    case 'idle':
      return 'No changes yet';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return ready ? `Saved ${new Date(status.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'Saved';
    case 'error':
      return 'Not saved — retrying';
  }
}

/**
 * The labeler's ranking screen (PRODUCT §3.1, §8): score, flag and annotate each response, rank
 * them with ties (drag and drop, buttons or keyboard), then submit. Work is saved as a draft on
 * the server (and in the browser until the server confirms), so a reload or a network error
 * loses nothing.
 */
export function RankingScreen({ view, progress, guidelines, saveDraft, submitRanking, skipTask }: Props) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const { responses, taxonomy, assignmentId } = view;
  const ids = useMemo(() => responses.map((r) => r.id), [responses]);
  const labelOf = useMemo(() => {
    const map = new Map(responses.map((r) => [r.id, r.label]));
    return (id: string) => map.get(id) ?? '?';
  }, [responses]);
  const excerptOf = useMemo(() => {
    // An empty imported reply (issue 19) is named, not left blank.
    const map = new Map(responses.map((r) => [r.id, r.text.replace(/\s+/g, ' ').trim().slice(0, 90) || '(empty response)']));
    return (id: string) => map.get(id) ?? '';
  }, [responses]);

  const [{ activeMs: initialActiveMs, ...initial }] = useState(() => sanitizeDraft(view.draft, ids, taxonomy));
  const [draft, dispatch] = useReducer(draftReducer, initial);
  const activeTime = useActiveTime(initialActiveMs);
  const [ready, setReady] = useState(false);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const [stacked, setStacked] = useState(responses.length > 3);
  const [rankMode, setRankMode] = useState<RankMode | null>(null);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [pending, setPending] = useState(false);
  const [finished, setFinished] = useState<null | 'submitted' | 'skipped'>(null);
  const [submitError, setSubmitError] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const submittingRef = useRef(false);
  const armedRef = useRef<string | null>(null);

  const autosave = useAutosave({
    assignmentId,
    save: saveDraft,
    snapshot: () => toDraft(draft, ids, activeTime.read()),
    initialSavedAt: view.draftSavedAt,
  });

  const { markChanged } = autosave;
  // Save after every change of the draft (its identity changes only through the reducer).
  const lastDraft = useRef(draft);
  useEffect(() => {
    if (lastDraft.current === draft) return;
    lastDraft.current = draft;
    markChanged();
  }, [draft, markChanged]);

  // After hydration: shortcuts are live, and unsaved work kept in this browser comes back when it
  // is newer than the server's draft.
  useEffect(() => {
    setReady(true);
    pruneLocalDrafts();
    const local = readLocalDraft(assignmentId);
    if (!local) return;
    const serverAt = view.draftSavedAt ? Date.parse(view.draftSavedAt) : -Infinity;
    if (local.updatedAt > serverAt) {
      const { activeMs: localMs, ...restored } = sanitizeDraft(local.draft, ids, taxonomy);
      activeTime.raise(localMs);
      dispatch({ type: 'replace', state: restored });
      setAnnouncement('Restored unsaved work from this browser.');
    } else {
      removeLocalDraft(assignmentId);
    }
    // Once per task (the page keys this screen by assignment id).
  }, []);

  const likert = useMemo(() => Object.fromEntries(ids.map((id) => [id, draft.ratings[id]?.likert ?? null])), [ids, draft.ratings]);
  const warnings = rankingWarnings({ ranking: draft.ranking, allUnacceptable: draft.allUnacceptable, likert, shownOrder: ids });
  const warningMessages: string[] = [];
  if (warnings.includes('likert_contradiction')) {
    const pairs = likertContradictions(draft.ranking, likert);
    for (const [better, worse] of pairs.slice(0, MAX_LISTED_CONTRADICTIONS)) {
      warningMessages.push(`${labelOf(better)} is ranked above ${labelOf(worse)} but has a lower score (${likert[better]} < ${likert[worse]}).`);
    }
    if (pairs.length > MAX_LISTED_CONTRADICTIONS) warningMessages.push(`…and ${pairs.length - MAX_LISTED_CONTRADICTIONS} more pairs where the ranking and the scores disagree.`);
  }
  if (warnings.includes('shown_order')) warningMessages.push('You have not changed the order the responses were shown in.');
  const warningKey = warningMessages.join('\n');
  const locked = pending || finished !== null;

  const announce = (text: string) => setAnnouncement(text);
  const setRanking = (ranking: string[][], message?: string) => {
    dispatch({ type: 'ranking', ranking });
    announce(message ?? `Order: ${describeRanking(ranking, labelOf)}.`);
  };

  const focusResponse = (id: string) => {
    setFocusedId(id);
    const el = document.getElementById(`response-${labelOf(id)}`);
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  const leaveRankMode = (message: string) => {
    setRankMode(null);
    announce(message);
  };

  async function submit() {
    if (submittingRef.current || finished) return;
    if (rankMode) setRankMode(null);
    if (warningKey && armedRef.current !== warningKey) {
      armedRef.current = warningKey;
      setConfirming(warningKey);
      announce(`Before you submit: ${warningMessages.join(' ')} Press Submit or Enter again to submit anyway.`);
      return;
    }
    submittingRef.current = true;
    setPending(true);
    setSubmitError('');
    autosave.close();
    let result: Awaited<ReturnType<Props['submitRanking']>>;
    try {
      result = await submitRanking(toSubmit(draft, ids, assignmentId, activeTime.read()));
    } catch {
      result = { ok: false, error: 'The server could not be reached.' };
    }
    if (result.ok) {
      removeLocalDraft(assignmentId);
      setFinished('submitted');
      announce('Submitted. Loading the next task…');
      startTransition(() => router.refresh());
      return;
    }
    submittingRef.current = false;
    setPending(false);
    setSubmitError(result.error);
    autosave.reopen();
  }

  async function skip(reason: TSkipReason, note: string): Promise<string | null> {
    if (submittingRef.current) return 'A submit is in progress.';
    submittingRef.current = true;
    autosave.close();
    let result: Awaited<ReturnType<Props['skipTask']>>;
    try {
      result = await skipTask({ assignmentId, reason, note });
    } catch {
      result = { ok: false, error: 'The server could not be reached. Try again.' };
    }
    if (!result.ok) {
      submittingRef.current = false;
      autosave.reopen();
      return result.error;
    }
    removeLocalDraft(assignmentId);
    setFinished('skipped');
    setDialog(null);
    announce('Skipped. Loading the next task…');
    startTransition(() => router.refresh());
    return null;
  }

  function onKey(e: KeyboardEvent) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (dialog || document.querySelector('dialog[open]') || finished) return;
    const target = e.target instanceof Element ? e.target : null;
    if (isTextEntry(target)) return;
    const key = e.key;
    const index = LETTERS.indexOf(key);
    const letterId = key.length === 1 && index >= 0 ? ids[index] : undefined;
    const handled = () => e.preventDefault();

    if (rankMode) {
      if (key === 'Escape') {
        handled();
        return leaveRankMode(`Left ranking mode. Order: ${describeRanking(draft.ranking, labelOf)}.`);
      }
      if (key === 'Backspace') {
        handled();
        const next = unplaceLast(draft.ranking, rankMode.placed, ids);
        if (!next.removed) return announce('Nothing placed yet.');
        setRankMode({ placed: next.placed, tiePending: false });
        return setRanking(next.ranking, `Took back ${labelOf(next.removed)}. Order so far: ${describeRanking(next.ranking.slice(0, next.placed), labelOf) || 'nothing placed'}.`);
      }
      if (key === '=') {
        handled();
        if (rankMode.placed === 0) return announce('Place a response first; = ties the next one with it.');
        setRankMode({ ...rankMode, tiePending: true });
        return announce(`Tie: press the letter to tie with ${draft.ranking[rankMode.placed - 1]?.map(labelOf).join(' and ')}.`);
      }
      if (letterId) {
        handled();
        const next = rankMode.tiePending ? tieWithLastPlaced(draft.ranking, rankMode.placed, letterId) : placeNext(draft.ranking, rankMode.placed, letterId);
        if (next.ranking === draft.ranking) return announce(`${labelOf(letterId)} is already placed.`);
        const placedIds = next.ranking.slice(0, next.placed).flat();
        if (placedIds.length === ids.length) {
          setRankMode(null);
          return setRanking(next.ranking, `All placed. Order: ${describeRanking(next.ranking, labelOf)}.`);
        }
        setRankMode({ placed: next.placed, tiePending: false });
        return setRanking(next.ranking, `Order so far: ${describeRanking(next.ranking.slice(0, next.placed), labelOf)}.`);
      }
    }

    if (letterId) {
      handled();
      return focusResponse(letterId);
    }
    if (/^[1-7]$/.test(key)) {
      handled();
      if (!focusedId) return announce('Press a letter (a, b, c…) to pick a response, then its score.');
      const value = Number(key);
      dispatch({ type: 'likert', id: focusedId, value });
      return announce(`${labelOf(focusedId)}: ${value} (${LIKERT_LABELS[value]}).`);
    }
    switch (key) {
      case 'r':
        handled();
        if (draft.allUnacceptable) return announce('Untick "All responses are unacceptable" to rank them.');
        setRankMode({ placed: 0, tiePending: false });
        return setRanking(shownRanking(ids), 'Keyboard ranking started: press the letters from best to worst. = ties, Backspace takes back, Esc leaves.');
      case 'u':
        handled();
        setRankMode(null);
        dispatch({ type: 'allUnacceptable', value: !draft.allUnacceptable });
        return announce(draft.allUnacceptable ? 'Ranking switched back on.' : 'All responses marked unacceptable.');
      case 'C':
        handled();
        if (!focusedId) return announce('Press a letter to pick a response first.');
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
  const placedLabels = rankMode ? describeRanking(draft.ranking.slice(0, rankMode.placed), labelOf) : '';
  const gridColumns = stacked ? 'grid-cols-1' : responses.length === 2 ? 'md:grid-cols-2' : 'lg:grid-cols-3';

  return (
    <div className="flex flex-col gap-6">
      <div role="region" aria-label="Task tools" className="sticky top-0 z-10 -mx-4 flex flex-col gap-2 border-b border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <LabelProgressBar progress={progress} />
          <LeaseNote leaseExpiresAt={view.leaseExpiresAt} />
          <p role="status" aria-live="polite" title={autosave.status.kind === 'error' ? autosave.status.message : undefined} className={`text-xs ${autosave.status.kind === 'error' ? 'font-medium text-red-700' : 'text-slate-600'}`}>
            {saveStatusText(autosave.status, ready)}
          </p>
        </div>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className={`rounded-md px-2 py-1 text-sm ${rankMode ? 'bg-amber-100 font-medium text-amber-900' : 'text-slate-700'}`}>
            {rankMode
              ? `Ranking mode${rankMode.tiePending ? ' (tie: press a letter)' : ''}: press letters best first · = ties · Backspace takes back · Esc leaves${placedLabels ? ` · so far ${placedLabels}` : ''}`
              : focusedLabel
                ? `Focused: Response ${focusedLabel} · 1–7 scores it`
                : ready
                  ? 'Keyboard shortcuts on: press a letter to focus a response, ? for all keys'
                  : 'Loading…'}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button type="button" variant="secondary" onClick={() => setDialog('guidelines')} aria-keyshortcuts="Shift+G">
              Guidelines
            </Button>
            <Button type="button" variant="secondary" onClick={() => setDialog('diff')} aria-keyshortcuts="Shift+D" disabled={responses.length < 2}>
              Word diff
            </Button>
            <Button type="button" variant="secondary" onClick={() => setStacked((s) => !s)} aria-pressed={stacked} className="aria-pressed:border-indigo-400 aria-pressed:bg-indigo-50">
              Stacked view
            </Button>
            <Button type="button" variant="secondary" onClick={() => setDialog('keys')} aria-keyshortcuts="?">
              Keys
            </Button>
            <Button type="button" variant="danger" onClick={() => setDialog('skip')} aria-keyshortcuts="s" disabled={locked}>
              Skip
            </Button>
          </div>
        </div>
      </div>

      <section aria-labelledby="prompt-heading" className="flex flex-col gap-2">
        <h2 id="prompt-heading" className="text-base font-semibold text-slate-900">
          Prompt
        </h2>
        <PromptView messages={view.messages} />
      </section>

      <section aria-labelledby="responses-heading" className="flex flex-col gap-2">
        <h2 id="responses-heading" className="text-base font-semibold text-slate-900">
          Responses
        </h2>
        <div className={`grid gap-4 ${gridColumns}`}>
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
              onFocusWithin={() => setFocusedId(r.id)}
              onLikert={(value) => dispatch({ type: 'likert', id: r.id, value })}
              onFlag={(flag, on) => dispatch({ type: 'flag', id: r.id, flag, on })}
              onAddFlaw={(flaw) => {
                dispatch({ type: 'addFlaw', id: r.id, flaw });
                announce(`Flaw note added to ${r.label}.`);
              }}
              onRemoveFlaw={(index) => {
                dispatch({ type: 'removeFlaw', id: r.id, index });
                announce(`Flaw note removed from ${r.label}.`);
              }}
            />
          ))}
        </div>
      </section>

      <section aria-labelledby="ranking-heading" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="ranking-heading" className="text-base font-semibold text-slate-900">
            Ranking
          </h2>
          <p className="text-xs text-slate-600">Best first. Drag a response onto a gap to move it, or onto another response to tie them; or use the buttons, or press r.</p>
        </div>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            checked={draft.allUnacceptable}
            disabled={locked}
            onChange={(e) => {
              setRankMode(null);
              dispatch({ type: 'allUnacceptable', value: e.target.checked });
            }}
            aria-keyshortcuts="u"
            className="accent-indigo-600"
          />
          All responses are unacceptable
        </label>
        <fieldset disabled={draft.allUnacceptable || locked} className={draft.allUnacceptable ? 'opacity-50' : ''}>
          <legend className="sr-only">Order of the responses</legend>
          <RankingBoard
            ranking={draft.ranking}
            labelOf={labelOf}
            excerptOf={excerptOf}
            disabled={draft.allUnacceptable || locked}
            placed={rankMode?.placed ?? null}
            onChange={(ranking) => {
              setRankMode(null);
              setRanking(ranking);
            }}
          />
        </fieldset>
      </section>

      {taxonomy.promptFlags.length > 0 ? (
        <section aria-labelledby="prompt-flags-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <fieldset disabled={locked} className="flex flex-col gap-1">
            <legend id="prompt-flags-heading" className="mb-2 text-base font-semibold text-slate-900">
              About the prompt
            </legend>
            <div className="grid gap-1 sm:grid-cols-2">
              {taxonomy.promptFlags.map((flag) => (
                <label key={flag.key} title={flag.description || undefined} className="flex items-start gap-2 text-sm text-slate-800">
                  <input
                    type="checkbox"
                    checked={draft.promptFlags.includes(flag.key)}
                    onChange={(e) => dispatch({ type: 'promptFlag', flag: flag.key, on: e.target.checked })}
                    className="mt-0.5 accent-indigo-600"
                  />
                  <span>
                    {flag.label}
                    {flag.description ? <span className="block text-xs text-slate-500">{flag.description}</span> : null}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
        </section>
      ) : null}

      <section aria-label="Submit" className="flex flex-col gap-3">
        <div aria-live="polite">
          {warningMessages.length > 0 ? (
            <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
              <p className="font-medium">Check before submitting (you can still submit):</p>
              <ul className="mt-1 list-disc pl-5">
                {warningMessages.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
              {confirming === warningKey ? <p className="mt-2 font-medium">Press Submit or Enter again to submit anyway.</p> : null}
            </div>
          ) : null}
        </div>
        <div role="alert" className="text-sm text-red-700">
          {submitError ? (
            <p className="rounded-md border border-red-200 bg-red-50 p-3">
              Not submitted: {submitError}
            </p>
          ) : null}
        </div>
        <div className="flex items-center gap-3">
          <Button type="button" onClick={() => void submit()} disabled={locked} aria-keyshortcuts="Enter" className="px-6">
            {finished === 'submitted' ? 'Submitted' : pending ? 'Submitting…' : confirming === warningKey && warningKey ? 'Submit anyway' : 'Submit'}
          </Button>
          <span className="text-xs text-slate-500">Enter submits.</span>
        </div>
        {finished ? (
          <p role="status" className="text-sm text-emerald-700">
            {finished === 'submitted' ? 'Submitted.' : 'Skipped.'} Loading the next task…
          </p>
        ) : null}
      </section>

      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>

      <Dialog open={dialog === 'skip'} onClose={() => setDialog(null)} title="Skip this task">
        <SkipForm onSkip={skip} onCancel={() => setDialog(null)} />
      </Dialog>
      <Dialog open={dialog === 'diff'} onClose={() => setDialog(null)} title="Word diff" wide>
        <WordDiffView responses={responses} />
      </Dialog>
      <Dialog open={dialog === 'guidelines'} onClose={() => setDialog(null)} title="Guidelines" wide>
        {guidelines}
      </Dialog>
      <Dialog open={dialog === 'keys'} onClose={() => setDialog(null)} title="Keyboard shortcuts">
        <KeyMapTable />
      </Dialog>
    </div>
  );
}
