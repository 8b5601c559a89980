import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import type { TReviewTrial } from '@/lib/detect/schemas';
import { AppError } from '@/lib/errors';

/**
 * A lead's verdict on an ambiguous detect trial (foundIntended null: the highlight was near or
 * partly on the planted span): confirm sets "intended flaw found", deny sets "not found". Only
 * trials waiting in the queue can be reviewed; audited in the same transaction.
 */
export async function reviewTrial(options: { actorId: string; projectId: string; input: TReviewTrial }): Promise<{ foundIntended: boolean }> {
  const { actorId, projectId, input } = options;
  return withTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; foundIntended: boolean | null; variant: string; saysFlawed: boolean | null; submittedAt: Date | null }>(
      `SELECT id, "foundIntended", variant, "saysFlawed", "submittedAt" FROM detect_trials WHERE id = $1 AND "projectId" = $2 FOR UPDATE`,
      [input.trialId, projectId],
    );
    const trial = rows[0];
    if (!trial) throw new AppError('NOT_FOUND', 'No such trial');
    if (!trial.submittedAt || trial.variant !== 'FLAWED' || !trial.saysFlawed || trial.foundIntended !== null) throw new AppError('CONFLICT', 'This trial is not waiting for a review (already decided, or nothing to decide)');
    const foundIntended = input.verdict === 'confirm';
    await client.query(`UPDATE detect_trials SET "foundIntended" = $2, "reviewedById" = $3, "reviewedAt" = now() WHERE id = $1`, [trial.id, foundIntended, actorId]);
    await insertAuditEvent(client, { actorId, projectId, action: `detect.trial.${input.verdict}`, targetType: 'detect_trial', targetId: trial.id, data: { foundIntended } });
    return { foundIntended };
  });
}
