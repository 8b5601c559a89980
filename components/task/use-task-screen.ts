import { useFormatter, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { pruneLocalDrafts, readLocalDraft, removeLocalDraft } from '@/components/task/local-draft';
import { consumeSubmittedNotice, noteSubmitted } from '@/components/task/next-task-notice';
import { describeLease, isLocked, nextPhase, shouldRestore, type TaskEvent, type TaskPhase } from '@/components/task/task-lifecycle';
import { useActiveTime } from '@/components/task/use-active-time';
import { useAutosave, type SaveDraft } from '@/components/task/use-autosave';
import type { TSkipReason } from '@/lib/judgments/schemas';
import type { ActionResult } from '@/lib/tasks/task-view';

export type SkipTask = (input: { assignmentId: string; reason: TSkipReason; note: string }) => Promise<ActionResult<{ skipped: true }>>;
export type SubmitFailure = { ok: false; error: string; fieldErrors?: Record<string, string[]> };
/** The dialogs of the task screens (the ranking screen has all four). */
export type TaskDialog = 'skip' | 'guidelines' | 'diff' | 'keys';

/** What every task view carries for the screen's life. */
type TaskViewBase = { assignmentId: string; draftSavedAt: string | null; leaseExpiresAt: string };

/**
 * What a screen supplies. S is the screen's state, A a change to it, D the draft saved on the
 * server and in this browser (S itself for most kinds: see `draftIsState`).
 */
export type TaskScreenOptions<S, A, D extends { activeMs: number }> = {
  view: TaskViewBase;
  initial: S;
  /** Active time already spent (from the server's draft). */
  initialActiveMs: number;
  reduce: (state: S, action: A) => S;
  toDraft: (state: S, activeMs: number) => D;
  /** A draft kept in this browser, back as state; null when it does not fit this task. */
  fromDraft: (raw: unknown) => { state: S; activeMs: number } | null;
  saveDraft: SaveDraft<D>;
  skipTask: SkipTask;
};

const NOTICE_MS = 4000;
const LEASE_TICK_MS = 15_000;

/**
 * The life of one task on a labeler's screen, the same for every kind: the state and its autosave
 * (server draft, a local copy restored when newer, one save status), active time, the reservation
 * note, skip with a reason, submit (one at a time, failures shown, submit-time confirmations) and
 * the move to the next task ("Submitted — next task" there). The page keys the screen by
 * assignment id, so all of this starts fresh per task.
 */
export function useTaskScreen<S, A, D extends { activeMs: number }>(options: TaskScreenOptions<S, A, D>) {
  const { assignmentId, draftSavedAt, leaseExpiresAt } = options.view;
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [state, setState] = useState<S>(options.initial);
  const stateRef = useRef(state);
  // Read-only until hydrated, so nothing typed before React takes over is lost.
  const [ready, setReady] = useState(false);
  const t = useTranslations('Task');
  const format = useFormatter();
  // Hours and minutes in the labeler's locale and time zone (the provider's: i18n/request.ts).
  const timeOf = (at: Date) => format.dateTime(at, { hour: '2-digit', minute: '2-digit' });
  const [phase, setPhase] = useState<TaskPhase>('editing');
  const phaseRef = useRef<TaskPhase>('editing');
  const [submitError, setSubmitError] = useState('');
  const [announcement, announce] = useState('');
  const [notice, setNotice] = useState('');
  const [now, setNow] = useState<number | null>(null);
  const [dialog, setDialog] = useState<TaskDialog | null>(null);
  const [confirmShown, setConfirmShown] = useState(false);
  const seenWarnings = useRef(new Set<string>());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const activeTime = useActiveTime(options.initialActiveMs);
  const { reduce, toDraft, fromDraft } = options;
  const autosave = useAutosave<D>({
    assignmentId,
    save: options.saveDraft,
    snapshot: () => toDraft(stateRef.current, Math.round(activeTime.read())),
    initialSavedAt: draftSavedAt,
  });

  const move = (event: TaskEvent): boolean => {
    const next = nextPhase(phaseRef.current, event);
    if (!next) return false;
    phaseRef.current = next;
    setPhase(next);
    return true;
  };

  const replace = (next: S) => {
    stateRef.current = next;
    setState(next);
    autosave.markChanged();
  };

  // After hydration: the reservation clock runs; after a submit, the next task starts at its top
  // and says so; unsaved work kept in this browser comes back when it is newer than the server's.
  useEffect(() => {
    setReady(true);
    setNow(Date.now());
    const leaseTimer = window.setInterval(() => setNow(Date.now()), LEASE_TICK_MS);
    let noticeTimer: number | undefined;
    pruneLocalDrafts();
    if (consumeSubmittedNotice()) {
      window.scrollTo({ top: 0 });
      headingRef.current?.focus({ preventScroll: true });
      setNotice(t('nextTaskNotice'));
      noticeTimer = window.setTimeout(() => setNotice(''), NOTICE_MS);
    }
    const local = readLocalDraft(assignmentId);
    const restored = local ? fromDraft(local.draft) : null;
    if (local && restored) {
      const current = toDraft(stateRef.current, 0);
      if (shouldRestore({ localUpdatedAt: local.updatedAt, serverSavedAt: draftSavedAt, local: toDraft(restored.state, 0), current })) {
        activeTime.raise(restored.activeMs);
        replace(restored.state);
        announce(t('restored'));
      } else {
        removeLocalDraft(assignmentId);
      }
    }
    return () => {
      window.clearInterval(leaseTimer);
      window.clearTimeout(noticeTimer);
    };
    // Once per task (the page keys the screen by assignment id).
  }, []);

  /** Applies a change; the draft is saved a moment later. Ignored once the work is being sent. */
  function dispatch(action: A) {
    if (isLocked(phaseRef.current)) return;
    const next = reduce(stateRef.current, action);
    if (next !== stateRef.current) replace(next);
  }

  /** Leaves for the next task: the page loads it (or says none is left). */
  function finish(message: string) {
    if (!move('done')) return;
    removeLocalDraft(assignmentId);
    if (phaseRef.current === 'submitted') noteSubmitted();
    setDialog(null);
    announce(message);
    startTransition(() => router.refresh());
  }

  /**
   * Sends the work (once at a time; autosave pauses meanwhile). A failure is shown and returned,
   * and the work stays editable; on success the next task loads, unless `then` says the screen
   * asks one more thing first (it calls `finish` after).
   */
  async function submit<T>(
    send: (state: S, activeMs: number) => Promise<ActionResult<T>>,
    then?: (result: T) => 'next' | 'ask',
  ): Promise<SubmitFailure | null> {
    if (!move('submit')) return null;
    setSubmitError('');
    autosave.close();
    let result: ActionResult<T>;
    try {
      result = await send(stateRef.current, Math.round(activeTime.read()));
    } catch {
      result = { ok: false, error: t('unreachableDraftKept') };
    }
    if (!result.ok) {
      move('fail');
      setSubmitError(result.error);
      autosave.reopen();
      return result;
    }
    if (then?.(result) === 'ask') {
      removeLocalDraft(assignmentId);
      move('ask');
      return null;
    }
    finish(t('submittedLoading'));
    return null;
  }

  /** Skips with a reason (the skip form's handler): returns the error to show, or null when gone. */
  async function skip(reason: TSkipReason, note: string): Promise<string | null> {
    if (!move('skip')) return t('submitInProgress');
    autosave.close();
    let result: Awaited<ReturnType<SkipTask>>;
    try {
      result = await options.skipTask({ assignmentId, reason, note });
    } catch {
      result = { ok: false, error: t('unreachable') };
    }
    if (!result.ok) {
      move('fail');
      autosave.reopen();
      return result.error;
    }
    finish(t('skippedLoading'));
    return null;
  }

  /** Submit-time warnings not yet shown to the labeler. */
  const unconfirmed = (warnings: string[]) => warnings.filter((w) => !seenWarnings.current.has(w));

  /**
   * Submit-time confirmation: true when nothing blocks and every warning was shown at an earlier
   * attempt (so this submit goes through them); otherwise they count as shown from now on.
   */
  function confirmed(warnings: string[], blocked = false): boolean {
    if (!blocked && unconfirmed(warnings).length === 0) return true;
    for (const w of warnings) seenWarnings.current.add(w);
    setConfirmShown(true);
    return false;
  }

  return {
    state,
    dispatch,
    ready,
    phase,
    /** The work is being sent, or is stored: controls that change it are disabled. */
    locked: isLocked(phase),
    submitError,
    /** Shows an error where a failed submit's would be (a screen's own check); '' clears it. */
    setSubmitError,
    saveStatus: autosave.status,
    lease:
      now === null
        ? null
        : describeLease(leaseExpiresAt, now, timeOf, {
            ended: (at) => t('lease.ended', { at }),
            until: (at) => t('lease.until', { at }),
            untilSoon: (at, minutes) => t('lease.untilSoon', { at, minutes }),
          }),
    /** The time of day in the labeler's locale and time zone. */
    timeOf,
    announcement,
    announce,
    notice,
    /** The screen's first heading (tabIndex -1): focused when the task follows a submit. */
    headingRef,
    dialog,
    setDialog,
    submit,
    skip,
    finish,
    confirmShown,
    confirmed,
    unconfirmed,
  };
}

export type TaskScreen = ReturnType<typeof useTaskScreen>;
