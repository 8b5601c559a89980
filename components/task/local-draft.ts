import type { TRankingDraft } from '@/lib/judgments/schemas';

// A copy of unsaved work in the browser, for when the server cannot be reached. It exists only
// while there is work the server has not confirmed: a successful save or submit removes it.

const PREFIX = 'preflab:rank-draft:';
const MAX_AGE_MS = 14 * 86_400_000;

export type LocalDraft<D = TRankingDraft> = { draft: D; updatedAt: number; rev: number };

const keyFor = (assignmentId: string) => `${PREFIX}${assignmentId}`;

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // blocked by browser settings
  }
}

export function readLocalDraft(assignmentId: string): LocalDraft | null {
  try {
    const raw = storage()?.getItem(keyFor(assignmentId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<LocalDraft>;
    if (typeof value.updatedAt !== 'number' || typeof value.draft !== 'object' || value.draft === null) return null;
    return { draft: value.draft, updatedAt: value.updatedAt, rev: typeof value.rev === 'number' ? value.rev : 0 };
  } catch {
    return null;
  }
}

export function writeLocalDraft<D>(assignmentId: string, value: LocalDraft<D>): void {
  try {
    storage()?.setItem(keyFor(assignmentId), JSON.stringify(value));
  } catch {
    // Quota or privacy mode: the server copy is all there is.
  }
}

/** Removes the copy unless it holds newer work than revision `upTo`. */
export function removeLocalDraft(assignmentId: string, upTo = Infinity): void {
  const current = readLocalDraft(assignmentId);
  if (current && current.rev > upTo) return;
  try {
    storage()?.removeItem(keyFor(assignmentId));
  } catch {
    // nothing to do
  }
}

/** Drops copies of old tasks (submitted elsewhere, or abandoned). */
export function pruneLocalDrafts(now = Date.now()): void {
  const s = storage();
  if (!s) return;
  try {
    for (let i = s.length - 1; i >= 0; i--) {
      const key = s.key(i);
      if (!key?.startsWith(PREFIX)) continue;
      const value = readLocalDraft(key.slice(PREFIX.length));
      if (!value || now - value.updatedAt > MAX_AGE_MS) s.removeItem(key);
    }
  } catch {
    // nothing to do
  }
}
