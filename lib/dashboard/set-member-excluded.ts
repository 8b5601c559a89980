import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { ZSetMemberExcluded, type TSetMemberExcluded } from '@/lib/dashboard/schemas';
import { typed, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { getJobQueue } from '@/lib/jobs/job-queue';
import { statsRefreshJob } from '@/lib/judgments/stats-refresh-job';

/**
 * Excludes a member's labels from statistics and exports, or takes them back (reversible;
 * audited), and returns at once whatever the project's size: the flag, its audit row and the
 * project's background recompute (statsRefreshJob) commit in one transaction. Exports and every
 * rule that reads memberships.excluded follow the flag at once; the stored numbers of the items
 * they judged follow when the job has run, and until then the dashboard says which labelers'
 * labels its figures still include (getStatsFreshness). Returns how many items wait for it.
 */
export async function setMemberExcluded(options: { actorId: string } & TSetMemberExcluded): Promise<{ excluded: boolean; items: number }> {
  const { actorId, ...rest } = options;
  const parsed = ZSetMemberExcluded.safeParse(rest);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'No such member in this project');
  const { projectId, userId, excluded } = parsed.data;
  await getJobQueue(); // pg-boss's schema and queue exist before the transaction that sends the job
  return withTransaction(async (client) => {
    const db = typed(client);
    const member = await db
      .selectFrom('memberships')
      .select('excluded')
      .where('projectId', '=', projectId)
      .where('userId', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    if (!member) throw new AppError('NOT_FOUND', 'No such member in this project');
    if (member.excluded === excluded) return { excluded, items: 0 };
    await db.updateTable('memberships').set({ excluded }).where('projectId', '=', projectId).where('userId', '=', userId).execute();
    await insertAuditEvent(client, {
      actorId,
      action: excluded ? 'project.member.exclude' : 'project.member.include',
      projectId,
      targetType: 'user',
      targetId: userId,
    });
    await enqueueJob(statsRefreshJob, { projectId }, { singletonKey: projectId, client });
    // Their judged items, from the index the recompute reads (judgment_stats: projectId, userId, userExcluded).
    const { items } = await db
      .selectFrom('judgment_stats')
      .select((eb) => eb.fn.count<string>('itemId').distinct().as('items'))
      .where('projectId', '=', projectId)
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow();
    return { excluded, items: Number(items) };
  });
}
