import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { getDb, withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { queueGenerationRunners } from '@/lib/generation/queue-generation-runners';
import { resolveJobConnections, taskParams } from '@/lib/generation/resolve-job-connections';
import { getJudgeTemplate } from '@/lib/judge/get-judge-template';
import { ZCreateJudgeJob, type TCreateJudgeJob } from '@/lib/judge/schemas';
import { countedLabelSql } from '@/lib/judgments/counted-labels';
import { readProjectSettings } from '@/lib/projects/settings';

/** Items one judge run may take at most. */
export const MAX_JUDGE_ITEMS = 50_000;

/**
 * A judge run (a JUDGE generation job): the connection labels each selected item as a labeler would
 * (lib/generation/run-judge-task.ts), once in a shown order drawn from the job and the item and, with
 * `reversed`, once more in the reverse order. Items: every item with two or more responses (all),
 * those with a counted human label (labeled), or a seeded sample of the labeled ones. The template
 * version and the taxonomy version in force are recorded on the job; audited; runners queued.
 */
export async function createJudgeJob(options: {
  actorId: string | null;
  input: TCreateJudgeJob;
}): Promise<{ jobId: string; taskCount: number }> {
  const input = ZCreateJudgeJob.parse(options.input);
  const [connection] = await resolveJobConnections({ projectId: input.projectId, connectionIds: [input.connectionId] });
  const template = await getJudgeTemplate({ projectId: input.projectId, version: input.templateVersion });
  const project = await getDb().project.findUnique({ where: { id: input.projectId }, select: { settings: true } });
  if (!project) throw new AppError('NOT_FOUND', 'No such project');
  const { taxonomyVersion } = readProjectSettings(project.settings);
  const { items } = input;
  const labeled = `EXISTS (SELECT 1 FROM judgments j WHERE j."itemId" = i.id AND ${countedLabelSql({ user: 'j."userId"', project: '$1' })})`;
  const where = items.by === 'all' || items.by === 'items' ? 'true' : labeled;
  const order = items.by === 'sample' ? `md5(i.id::text || $2::text)` : 'i."createdAt", i.id';
  return withTransaction(async (client) => {
    const { rows: found } = await client.query<{ id: string }>(
      `SELECT i.id FROM items i
        WHERE i."projectId" = $1 AND NOT i."awaitingResponses" AND (SELECT count(*) FROM responses r WHERE r."itemId" = i.id) >= 2
          AND ${where} AND ($3::uuid[] IS NULL OR i.id = ANY($3::uuid[])) AND $2::text IS NOT NULL
        ORDER BY ${order} LIMIT $4`,
      [
        input.projectId,
        items.by === 'sample' ? String(items.seed) : '',
        items.by === 'items' ? items.itemIds : null,
        items.by === 'sample' ? Math.min(items.size, MAX_JUDGE_ITEMS + 1) : MAX_JUDGE_ITEMS + 1,
      ],
    );
    if (found.length === 0)
      throw new AppError('INVALID_INPUT', 'No item matches this selection (items need two or more responses).', {
        items: ['No item matches.'],
      });
    if (found.length > MAX_JUDGE_ITEMS)
      throw new AppError('INVALID_INPUT', `At most ${MAX_JUDGE_ITEMS} items per run.`, { items: ['Too many items.'] });
    const orders = input.reversed ? [0, 1] : [0];
    const spec = {
      connectionIds: [connection!.id],
      samples: orders.length,
      params: input.params,
      attempts: input.attempts,
      taxonomyVersion,
      items,
      reversed: input.reversed,
    };
    const { rows: jobs } = await client.query<{ id: string }>(
      `INSERT INTO generation_jobs ("projectId", kind, spec, "taskCount", "templateVersion", "createdById")
       VALUES ($1, 'JUDGE', $2, $3, $4, $5) RETURNING id`,
      [input.projectId, JSON.stringify(spec), found.length * orders.length, template.version, options.actorId],
    );
    const jobId = jobs[0]!.id;
    const params = JSON.stringify(taskParams(connection!, input.params, 0));
    const keys = found.flatMap((item) => orders.map((o) => `${item.id}:${o === 1 ? 'reversed' : 'shown'}`));
    await client.query(
      `INSERT INTO generation_tasks ("jobId", "idempotencyKey", "connectionId", "itemId", sample, params)
       SELECT $1, x.key, $2, x.item, x.sample, $5::jsonb FROM unnest($3::text[], $4::uuid[], $6::int[]) AS x(key, item, sample)`,
      [jobId, connection!.id, keys, found.flatMap((item) => orders.map(() => item.id)), params, found.flatMap(() => orders)],
    );
    await insertAuditEvent(client, {
      actorId: options.actorId,
      projectId: input.projectId,
      action: 'generation.create',
      targetType: 'generation_job',
      targetId: jobId,
      data: { kind: 'JUDGE', items: found.length, tasks: keys.length, templateVersion: template.version },
    });
    await queueGenerationRunners({ jobId, client });
    return { jobId, taskCount: keys.length };
  });
}
