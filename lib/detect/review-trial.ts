import { sql } from 'kysely';
import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { typed, withTransaction } from '@/lib/db';
import type { TReviewTrial } from '@/lib/detect/schemas';
import { AppError } from '@/lib/errors';

/**
 * A lead's verdict on an ambiguous detect trial (foundIntended null: the highlight was near or
 * partly on the planted span): confirm sets "intended flaw found", deny sets "not found". Only
 * trials waiting in the queue can be reviewed; audited in the same transaction.
 */
export async function reviewTrial(options: {
  actorId: string;
  projectId: string;
  input: TReviewTrial;
}): Promise<{ foundIntended: boolean }> {
  const { actorId, projectId, input } = options;
  return withTransaction(async (client) => {
    const trial = await typed(client)
      .selectFrom('detect_trials')
      .select(['id', 'foundIntended', 'variant', 'saysFlawed', 'submittedAt'])
      .where('id', '=', input.trialId)
      .where('projectId', '=', projectId)
      .forUpdate()
      .executeTakeFirst();
    if (!trial) throw new AppError('NOT_FOUND', 'No such trial');
    if (!trial.submittedAt || trial.variant !== 'FLAWED' || !trial.saysFlawed || trial.foundIntended !== null)
      throw new AppError('CONFLICT', 'This trial is not waiting for a review (already decided, or nothing to decide)');
    const foundIntended = input.verdict === 'confirm';
    await typed(client)
      .updateTable('detect_trials')
      .set({ foundIntended, reviewedById: actorId, reviewedAt: sql`now()` })
      .where('id', '=', trial.id)
      .execute();
    await insertAuditEvent(client, {
      actorId,
      projectId,
      action: `detect.trial.${input.verdict}`,
      targetType: 'detect_trial',
      targetId: trial.id,
      data: { foundIntended },
    });
    return { foundIntended };
  });
}
