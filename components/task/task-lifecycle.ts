import type { z } from 'zod';
import type { SaveStatus } from '@/components/task/use-autosave';

// The pure parts of a task screen's life (useTaskScreen wires them to React): where the task is
// between "being worked on" and "gone", what the save status and the reservation say, and whether
// a copy of unsaved work found in this browser comes back.

/**
 * editing → submitting → (answering →) submitted, or editing → skipping → skipped. A failed submit
 * or skip goes back to editing. `answering`: the submit is stored and the screen asks one more
 * question (detect's "would you have noticed?") before the next task.
 */
export type TaskPhase = 'editing' | 'submitting' | 'skipping' | 'answering' | 'submitted' | 'skipped';
export type TaskEvent = 'submit' | 'skip' | 'fail' | 'ask' | 'done';

/** The phase after `event`, or null when the event cannot happen now (a second submit while one is in flight). */
export function nextPhase(phase: TaskPhase, event: TaskEvent): TaskPhase | null {
  switch (event) {
    case 'submit':
      return phase === 'editing' ? 'submitting' : null;
    case 'skip':
      return phase === 'editing' ? 'skipping' : null;
    case 'fail':
      return phase === 'submitting' || phase === 'skipping' ? 'editing' : null;
    case 'ask':
      return phase === 'submitting' ? 'answering' : null;
    case 'done':
      if (phase === 'submitting' || phase === 'answering') return 'submitted';
      return phase === 'skipping' ? 'skipped' : null;
  }
}

/** Nothing on the screen changes the work once it is being sent or is stored. */
export const isLocked = (phase: TaskPhase) => phase === 'submitting' || phase === 'submitted' || phase === 'skipped';

export type TimeOfDay = (at: Date) => string;
/** Hours and minutes in the browser's own locale and time zone. */
export const localTimeOfDay: TimeOfDay = (at) => at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The one save-status text of every task screen. `word` is what a stored draft is called there:
 * "Saved" in the ranking screen's compact toolbar, "Draft saved" beside an editor's heading. The
 * time is shown once hydrated (the server renders no clock of its own).
 */
export function saveStatusText(
  status: SaveStatus,
  options: { ready: boolean; word?: string; timeOf?: TimeOfDay; words?: SaveWords },
): string {
  const { ready, timeOf = localTimeOfDay, words = ENGLISH_SAVE_WORDS } = options;
  const word = options.word ?? words.draftSaved;
  switch (status.kind) {
    case 'idle':
      return words.idle;
    case 'saving':
      return words.saving;
    case 'saved':
      return ready ? `${word} ${timeOf(new Date(status.at))}` : word;
    case 'error':
      return words.error;
  }
}

/** The save status's words in the labeler's language (issue 31); English by default. */
export type SaveWords = { idle: string; saving: string; draftSaved: string; error: string };
export const ENGLISH_SAVE_WORDS: SaveWords = {
  idle: 'No changes yet',
  saving: 'Saving…',
  draftSaved: 'Draft saved',
  error: 'Not saved — retrying',
};

/** The reservation note's sentences in the labeler's language (issue 31); English by default. */
export type LeaseWords = {
  ended: (at: string) => string;
  until: (at: string) => string;
  untilSoon: (at: string, minutesLeft: number) => string;
};
export const ENGLISH_LEASE_WORDS: LeaseWords = {
  ended: (at) => `Your reservation ended at ${at}. Submitting still works while this item needs answers; your draft is kept.`,
  until: (at) => `Reserved for you until ${at}`,
  untilSoon: (at, minutesLeft) => `Reserved for you until ${at} (${minutesLeft < 1 ? 'less than a minute' : `${minutesLeft} min`} left)`,
};

/** Minutes left under which the reservation note turns amber. */
export const LEASE_WARN_MINUTES = 5;

export type LeaseState = { tone: 'calm' | 'warn' | 'ended'; text: string };

/**
 * What the reservation note says (PRODUCT §4: leases expire so abandoned work returns to the
 * pool). After expiry it says what still works: a late submit is accepted while the item still
 * needs answers, and the draft is kept.
 */
export function describeLease(
  leaseExpiresAt: string,
  now: number,
  timeOf: TimeOfDay = localTimeOfDay,
  words: LeaseWords = ENGLISH_LEASE_WORDS,
): LeaseState {
  const expires = new Date(leaseExpiresAt);
  const at = timeOf(expires);
  if (expires.getTime() <= now) return { tone: 'ended', text: words.ended(at) };
  const minutesLeft = Math.floor((expires.getTime() - now) / 60_000);
  if (minutesLeft >= LEASE_WARN_MINUTES) return { tone: 'calm', text: words.until(at) };
  return { tone: 'warn', text: words.untilSoon(at, minutesLeft) };
}

/**
 * Whether work kept in this browser replaces the screen's: only when it was written after the
 * server's draft was saved and differs from it (active time aside). Otherwise the copy is stale.
 */
export function shouldRestore<D extends { activeMs: number }>(options: {
  localUpdatedAt: number;
  serverSavedAt: string | null;
  local: D;
  current: D;
}): boolean {
  const serverAt = options.serverSavedAt ? Date.parse(options.serverSavedAt) : -Infinity;
  if (options.localUpdatedAt <= serverAt) return false;
  return JSON.stringify({ ...options.local, activeMs: 0 }) !== JSON.stringify({ ...options.current, activeMs: 0 });
}

/** The state/draft wiring of a kind whose state is its draft, changed by patches (demonstrate, perturb, detect). */
export function draftIsState<D extends { activeMs: number }>(schema: z.ZodType<D>) {
  return {
    reduce: (state: D, patch: Partial<D>): D => ({ ...state, ...patch }),
    toDraft: (state: D, activeMs: number): D => ({ ...state, activeMs }),
    fromDraft: (raw: unknown) => {
      const parsed = schema.safeParse(raw);
      return parsed.success ? { state: parsed.data, activeMs: parsed.data.activeMs } : null;
    },
  };
}
