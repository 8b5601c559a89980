import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import type { z } from 'zod';
import { readLocalDraft, removeLocalDraft } from '@/components/label/local-draft';
import { useActiveTime } from '@/components/label/use-active-time';
import { useAutosave, type SaveDraft, type SaveStatus } from '@/components/label/use-autosave';
import type { TSkipReason } from '@/lib/judgments/schemas';
import type { ActionResult } from '@/lib/tasks/task-view';

export type SkipTask = (input: { assignmentId: string; reason: TSkipReason; note: string }) => Promise<ActionResult<{ skipped: true }>>;
type Failure = { ok: false; error: string; fieldErrors?: Record<string, string[]> };

export function saveStatusText(status: SaveStatus): string {
  if (status.kind === 'idle') return 'No changes yet';
  if (status.kind === 'saving') return 'Saving…';
  if (status.kind === 'saved') return 'Draft saved';
  return 'Not saved — retrying';
}

/**
 * The wiring of a task screen whose work is one draft value D (a demonstration's text, a
 * perturbation's text and fields): server autosave with a local fallback restored when newer,
 * active time, and submit/skip that stop autosaving while in flight and load the next task after.
 */
export function useDraftTask<D extends { activeMs: number }>(options: {
  assignmentId: string;
  initial: D;
  schema: z.ZodType<D>;
  serverSavedAt: string | null;
  saveDraft: SaveDraft<D>;
  skipTask: SkipTask;
}) {
  const { assignmentId } = options;
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [value, setValue] = useState<D>(options.initial);
  const valueRef = useRef(value);
  const [busy, setBusy] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  // Read-only until hydrated, so nothing typed before React takes over is lost.
  const [ready, setReady] = useState(false);
  const submittingRef = useRef(false);
  const activeTime = useActiveTime(options.initial.activeMs);
  const autosave = useAutosave<D>({
    assignmentId,
    save: options.saveDraft,
    snapshot: () => ({ ...valueRef.current, activeMs: Math.round(activeTime.read()) }),
    initialSavedAt: options.serverSavedAt,
  });

  // Unsaved work kept in this browser (the server could not be reached) comes back when newer.
  useEffect(() => {
    setReady(true);
    const local = readLocalDraft(assignmentId);
    if (!local) return;
    const parsed = options.schema.safeParse(local.draft);
    const serverAt = options.serverSavedAt ? Date.parse(options.serverSavedAt) : 0;
    if (!parsed.success || local.updatedAt <= serverAt || JSON.stringify({ ...parsed.data, activeMs: 0 }) === JSON.stringify({ ...valueRef.current, activeMs: 0 })) return;
    valueRef.current = parsed.data;
    setValue(parsed.data);
    activeTime.raise(parsed.data.activeMs);
    autosave.markChanged();
    setAnnouncement('Restored unsaved work from this browser.');
    // Once, after hydration.
  }, []);

  function update(patch: Partial<D>) {
    valueRef.current = { ...valueRef.current, ...patch };
    setValue(valueRef.current);
    autosave.markChanged();
  }

  /** Sends the work; returns the failure (nothing else happens) or loads the next task. */
  async function submit<T>(send: (value: D, activeMs: number) => Promise<ActionResult<T>>): Promise<Failure | null> {
    if (submittingRef.current) return null;
    submittingRef.current = true;
    setBusy(true);
    autosave.close();
    let result: ActionResult<T>;
    try {
      result = await send(valueRef.current, Math.round(activeTime.read()));
    } catch {
      result = { ok: false, error: 'The server could not be reached. Your draft is kept; try again.' };
    }
    if (!result.ok) {
      submittingRef.current = false;
      setBusy(false);
      autosave.reopen();
      return result;
    }
    removeLocalDraft(assignmentId);
    setAnnouncement('Submitted. Loading the next task…');
    startTransition(() => router.refresh());
    return null;
  }

  async function skip(reason: TSkipReason, note: string): Promise<string | null> {
    if (submittingRef.current) return 'A submit is in progress.';
    submittingRef.current = true;
    autosave.close();
    let result: Awaited<ReturnType<SkipTask>>;
    try {
      result = await options.skipTask({ assignmentId, reason, note });
    } catch {
      result = { ok: false, error: 'The server could not be reached. Try again.' };
    }
    if (!result.ok) {
      submittingRef.current = false;
      autosave.reopen();
      return result.error;
    }
    removeLocalDraft(assignmentId);
    setAnnouncement('Skipped. Loading the next task…');
    startTransition(() => router.refresh());
    return null;
  }

  return { value, update, ready, busy, announcement, saveStatus: autosave.status, submit, skip };
}
