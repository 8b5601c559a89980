import { FAST_WORDS_PER_MINUTE, KIND_CAP_MS, SESSION_GAP_MS, SLOW_FACTOR, type WorkKind } from '@/lib/worklog/rules';

/** One submitted task as recorded: its end, the labeler's recorded active time and the words it showed (reading tasks only). */
export type WorkEntry = {
  taskId: string;
  userId: string;
  projectId: string;
  kind: WorkKind;
  endedAt: Date;
  recordedMs: number;
  /** Words of the prompt and the texts shown; null for kinds that are mostly writing (no reading-speed flag). */
  words: number | null;
};

export type MeasuredEntry = WorkEntry & {
  /** The time this task counts: see measureEntries. */
  activeMs: number;
  /** Recorded time not counted (over the kind's cap, or overlapping the labeler's previous task). */
  excludedMs: number;
  /** The first task of a session (the labeler's previous task ended SESSION_GAP_MS or more before this one's active start). */
  sessionStart: boolean;
  /** Words per minute of recorded time, for tasks that show words. */
  wordsPerMinute: number | null;
  fast: boolean;
  slow: boolean;
};

/**
 * Active time per task (issue 30, docs/decisions.md): a task counts
 * min(recorded active time, the kind's cap, time since the labeler's previous task ended), so idle
 * time (a task left open, gaps between tasks) is never counted and two tasks open side by side
 * share their wall-clock time once. `entries` must hold every task of each labeler in the window
 * (in any project): the previous task of a labeler may belong to a project the caller does not show.
 * `slowAboveMs` maps `${projectId}:${kind}` to the recorded time above which a task is slow.
 */
export function measureEntries(entries: WorkEntry[], slowAboveMs: Map<string, number>): MeasuredEntry[] {
  const sorted = [...entries].sort(
    (a, b) => a.userId.localeCompare(b.userId) || a.endedAt.getTime() - b.endedAt.getTime() || a.taskId.localeCompare(b.taskId),
  );
  const out: MeasuredEntry[] = [];
  let user: string | null = null;
  let previousEnd: number | null = null;
  for (const entry of sorted) {
    if (entry.userId !== user) {
      user = entry.userId;
      previousEnd = null;
    }
    const end = entry.endedAt.getTime();
    const recorded = Math.max(0, entry.recordedMs);
    const sincePrevious = previousEnd === null ? Number.POSITIVE_INFINITY : Math.max(0, end - previousEnd);
    const activeMs = Math.min(recorded, KIND_CAP_MS[entry.kind], sincePrevious);
    const sessionStart = previousEnd === null || end - activeMs - previousEnd >= SESSION_GAP_MS;
    const wordsPerMinute = entry.words === null || entry.words === 0 ? null : (entry.words * 60_000) / Math.max(recorded, 1);
    const slowAbove = slowAboveMs.get(`${entry.projectId}:${entry.kind}`);
    out.push({
      ...entry,
      activeMs,
      excludedMs: recorded - activeMs,
      sessionStart,
      wordsPerMinute,
      fast: wordsPerMinute !== null && wordsPerMinute > FAST_WORDS_PER_MINUTE,
      slow: slowAbove !== undefined && recorded > slowAbove,
    });
    previousEnd = end;
  }
  return out;
}

/** The recorded time above which a task is slow: SLOW_FACTOR × the 95th percentile of its project's tasks of the kind. */
export const slowThreshold = (p95Ms: number) => p95Ms * SLOW_FACTOR;
