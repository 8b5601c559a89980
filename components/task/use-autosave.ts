import { useCallback, useEffect, useRef, useState } from 'react';
import type { TRankingDraft } from '@/lib/judgments/schemas';
import type { ActionResult } from '@/lib/tasks/task-view';
import { removeLocalDraft, writeLocalDraft } from '@/components/task/local-draft';

/** D is the draft of the task kind (a ranking by default; a demonstration's text too). */
export type SaveDraft<D = TRankingDraft> = (input: { assignmentId: string; draft: D }) => Promise<ActionResult<{ savedAt: string }>>;
export type SaveStatus = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string };

export const SAVE_DEBOUNCE_MS = 700;
const MAX_RETRY_MS = 30_000;

/**
 * Saves the draft on the server a moment after each change (and at once on `flush`), keeps a
 * local copy until the server confirms it, and retries failures with a growing delay
 * (2 s, 4 s, 8 s … 30 s). `close` stops saving while a submit or skip is in flight.
 */
export function useAutosave<D extends { activeMs: number } = TRankingDraft>(options: {
  assignmentId: string;
  save: SaveDraft<D>;
  snapshot: () => D;
  initialSavedAt: string | null;
}) {
  const { assignmentId } = options;
  const saveRef = useRef(options.save);
  const snapshotRef = useRef(options.snapshot);
  useEffect(() => {
    saveRef.current = options.save;
    snapshotRef.current = options.snapshot;
  });
  const [status, setStatus] = useState<SaveStatus>(
    options.initialSavedAt ? { kind: 'saved', at: options.initialSavedAt } : { kind: 'idle' },
  );
  const s = useRef({
    rev: 0,
    savedRev: 0,
    savedActiveMs: -1,
    inFlight: false,
    again: false,
    attempt: 0,
    closed: false,
    timer: null as ReturnType<typeof setTimeout> | null,
  });

  const clearTimer = () => {
    if (s.current.timer) clearTimeout(s.current.timer);
    s.current.timer = null;
  };

  const run = useCallback(async (): Promise<void> => {
    const st = s.current;
    if (st.closed) return;
    if (st.inFlight) {
      st.again = true;
      return;
    }
    clearTimer();
    const rev = st.rev;
    const draft = snapshotRef.current();
    st.inFlight = true;
    setStatus((prev) => (prev.kind === 'error' ? prev : { kind: 'saving' }));
    let result: Awaited<ReturnType<SaveDraft<D>>>;
    try {
      result = await saveRef.current({ assignmentId, draft });
    } catch {
      result = { ok: false, error: 'The server could not be reached' };
    }
    st.inFlight = false;
    if (st.closed) return;
    if (result.ok) {
      st.savedRev = Math.max(st.savedRev, rev);
      st.savedActiveMs = draft.activeMs;
      st.attempt = 0;
      removeLocalDraft(assignmentId, rev);
      if (st.rev > rev || st.again) {
        st.again = false;
        setStatus({ kind: 'saving' });
        st.timer = setTimeout(() => void run(), SAVE_DEBOUNCE_MS);
      } else {
        setStatus({ kind: 'saved', at: result.savedAt });
      }
    } else {
      st.again = false;
      st.attempt += 1;
      setStatus({ kind: 'error', message: result.error });
      st.timer = setTimeout(() => void run(), Math.min(MAX_RETRY_MS, 2000 * 2 ** (st.attempt - 1)));
    }
  }, [assignmentId]);

  const keepLocal = useCallback(() => {
    writeLocalDraft(assignmentId, { draft: snapshotRef.current(), updatedAt: Date.now(), rev: s.current.rev });
  }, [assignmentId]);

  /** Call after every change to the draft. */
  const markChanged = useCallback(() => {
    const st = s.current;
    st.rev += 1;
    keepLocal();
    if (st.closed) return;
    if (st.attempt > 0) return; // a retry is already scheduled and will send the latest
    setStatus({ kind: 'saving' });
    clearTimer();
    st.timer = setTimeout(() => void run(), SAVE_DEBOUNCE_MS);
  }, [keepLocal, run]);

  /** Saves now if anything (or a second or more of active time) is unsaved. */
  const flush = useCallback(() => {
    const st = s.current;
    if (st.closed) return;
    const activeMs = snapshotRef.current().activeMs;
    if (st.rev === st.savedRev && Math.abs(activeMs - st.savedActiveMs) < 1000) return;
    keepLocal();
    void run();
  }, [keepLocal, run]);

  const close = useCallback(() => {
    s.current.closed = true;
    clearTimer();
  }, []);

  const reopen = useCallback(() => {
    const st = s.current;
    st.closed = false;
    if (st.rev > st.savedRev) st.timer = setTimeout(() => void run(), SAVE_DEBOUNCE_MS);
  }, [run]);

  useEffect(() => {
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onHidden);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onHidden);
      window.removeEventListener('pagehide', flush);
      clearTimer();
    };
  }, [flush]);

  return { status, markChanged, flush, close, reopen };
}
