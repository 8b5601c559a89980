import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { loadAssistanceContext } from '@/lib/assist/load-assistance-context';
import type { TRecordAssistanceLook } from '@/lib/assist/schemas';

/** After a submit, the screen's last report still counts for this long (it is sent as the task closes). */
export const LOOK_GRACE_MS = 15 * 60_000;

/**
 * Stores how long the labeler had each answer in view (totals the browser measured while the
 * answer was on screen and the tab visible). Clamped on the server: never more than the time since
 * the answer was stored, never less than a total already stored (so repeats and out-of-order
 * reports change nothing: idempotent). Only the assignment's labeler, while the task is theirs or
 * within LOOK_GRACE_MS of their submit; only answered requests of that assignment. Answers how
 * many requests changed.
 */
export async function recordAssistanceLook(options: {
  userId: string;
  projectId: string;
  input: TRecordAssistanceLook;
}): Promise<{ updated: number }> {
  const { userId, projectId, input } = options;
  const ctx = await loadAssistanceContext({ assignmentId: input.assignmentId, userId, projectId });
  if (!ctx) throw new AppError('NOT_FOUND', 'No such task of yours.');
  const recentlySubmitted =
    ctx.status === 'SUBMITTED' && ctx.submittedAt !== null && Date.now() - ctx.submittedAt.getTime() < LOOK_GRACE_MS;
  if (!ctx.live && !recentlySubmitted) throw new AppError('CONFLICT', 'This task is closed; its assistance log is final.');
  const { rowCount } = await getPgPool().query(
    `UPDATE assistance_requests q
        SET "lookMs" = greatest(q."lookMs", least(l.ms, floor(extract(epoch FROM (clock_timestamp() - q."answeredAt")) * 1000)::int)),
            "lookReportedAt" = clock_timestamp()
       FROM unnest($2::uuid[], $3::int[]) AS l(id, ms)
      WHERE q.id = l.id AND q."assignmentId" = $1 AND q.status = 'ANSWERED'
        AND least(l.ms, floor(extract(epoch FROM (clock_timestamp() - q."answeredAt")) * 1000)::int) > q."lookMs"`,
    [ctx.assignmentId, input.looks.map((l) => l.requestId), input.looks.map((l) => l.visibleMs)],
  );
  return { updated: rowCount ?? 0 };
}
