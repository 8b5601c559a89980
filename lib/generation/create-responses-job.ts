import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { queueGenerationRunners } from '@/lib/generation/queue-generation-runners';
import { resolveJobConnections, taskParams } from '@/lib/generation/resolve-job-connections';
import { ZCreateResponsesJob, type TCreateResponsesJob, type TGenerationJobSpec } from '@/lib/generation/schemas';
import { itemListConditions } from '@/lib/items/find-items';

/** Prompts one job may take at most. */
export const MAX_JOB_PROMPTS = 100_000;

/**
 * A responses job: for each selected prompt, `samples` responses from each connection. A prompt-only
 * item (no responses yet) gets them itself; an item that already has responses is copied as a new
 * prompt-only item (its labels stay on the old one; metadata.generatedFrom names it), so every item a
 * job fills is new to labelers. Items are kept from labelers (awaitingResponses) until their last task
 * ends. The job, its tasks (idempotency key item:connection:sample) and its runners commit together.
 */
export async function createResponsesJob(options: {
  actorId: string | null;
  input: TCreateResponsesJob;
}): Promise<{ jobId: string; taskCount: number }> {
  const input = ZCreateResponsesJob.parse(options.input);
  const connections = await resolveJobConnections({ projectId: input.projectId, connectionIds: input.connectionIds });
  const perItem = connections.length * input.samples;
  return withTransaction(async (client) => {
    const { rows: projects } = await client.query<{ minResponses: number; maxResponses: number }>(
      `SELECT "minResponses", "maxResponses" FROM projects WHERE id = $1 FOR NO KEY UPDATE`,
      [input.projectId],
    );
    const project = projects[0];
    if (!project) throw new AppError('NOT_FOUND', 'No such project.');
    if (perItem < project.minResponses || perItem > project.maxResponses) {
      const message = `Each prompt would get ${perItem} responses (${input.samples} × ${connections.length} connections); this project takes ${project.minResponses}–${project.maxResponses}.`;
      throw new AppError('INVALID_INPUT', message, { samples: [message] });
    }
    const base = [
      `i."projectId" = $1`,
      `NOT EXISTS (SELECT 1 FROM generation_tasks t WHERE t."itemId" = i.id AND t.status IN ('QUEUED', 'RUNNING'))`,
      // A chat battle's own item (lib/tasks/kinds/chat.ts) waits for its battle's sides, never for a job's responses.
      `NOT (i.metadata @> '{"source": "chat"}'::jsonb)`,
    ];
    let where = base.join(' AND ');
    let values: unknown[] = [input.projectId];
    const prompts = input.prompts;
    if (prompts.by === 'awaiting')
      where += ` AND (i."awaitingResponses" OR NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id))`;
    if (prompts.by === 'items') {
      where += ` AND i.id = ANY($2::uuid[])`;
      values.push(prompts.itemIds);
    }
    if (prompts.by === 'filter') {
      const condition = itemListConditions(input.projectId, prompts.filters);
      // Prisma.Sql numbers its own parameters from $1: put ours after them.
      const shift = condition.values.length;
      where = `${condition.text} AND ${base.map((b) => b.replace('$1', `$${shift + 1}`)).join(' AND ')}`;
      values = [...condition.values, input.projectId];
    }
    const { rows: items } = await client.query<{ id: string; answered: boolean }>(
      `SELECT i.id, EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id) AS answered FROM items i WHERE ${where}
        ORDER BY i."createdAt", i.id LIMIT ${MAX_JOB_PROMPTS + 1}`,
      values,
    );
    if (items.length === 0)
      throw new AppError('INVALID_INPUT', 'No prompt matches this selection.', { prompts: ['No prompt matches this selection.'] });
    if (items.length > MAX_JOB_PROMPTS)
      throw new AppError('INVALID_INPUT', `At most ${MAX_JOB_PROMPTS} prompts per job.`, { prompts: ['Too many prompts.'] });
    const bare = items.filter((i) => !i.answered).map((i) => i.id);
    const answered = items.filter((i) => i.answered).map((i) => i.id);
    await client.query(`UPDATE items SET "awaitingResponses" = true WHERE id = ANY($1::uuid[])`, [bare]);
    const { rows: copies } = await client.query<{ id: string }>(
      `INSERT INTO items ("projectId", messages, metadata, priority, "requiredLanguage", "requiredProficiency", "requiredExpertise", "awaitingResponses")
       SELECT i."projectId", i.messages, i.metadata || jsonb_build_object('generatedFrom', i.id::text), i.priority,
              i."requiredLanguage", i."requiredProficiency", i."requiredExpertise", true
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x(id, n) JOIN items i ON i.id = x.id ORDER BY x.n RETURNING id`,
      [answered],
    );
    const targets = [...bare, ...copies.map((c) => c.id)];
    const spec: TGenerationJobSpec = { connectionIds: connections.map((c) => c.id), samples: input.samples, params: input.params, prompts };
    const { rows: jobs } = await client.query<{ id: string }>(
      `INSERT INTO generation_jobs ("projectId", kind, spec, "taskCount", "createdById") VALUES ($1, 'RESPONSES', $2, $3, $4) RETURNING id`,
      [input.projectId, JSON.stringify(spec), targets.length * perItem, options.actorId],
    );
    const jobId = jobs[0]!.id;
    const keys: string[] = [];
    const connectionIds: string[] = [];
    const itemIds: string[] = [];
    const samples: number[] = [];
    const params: string[] = [];
    for (const itemId of targets) {
      for (const connection of connections) {
        for (let k = 0; k < input.samples; k++) {
          keys.push(`${itemId}:${connection.id}:${k}`);
          connectionIds.push(connection.id);
          itemIds.push(itemId);
          samples.push(k);
          params.push(JSON.stringify(taskParams(connection, input.params, k)));
        }
      }
    }
    await client.query(
      `INSERT INTO generation_tasks ("jobId", "idempotencyKey", "connectionId", "itemId", sample, params)
       SELECT $1, x.key, x.connection, x.item, x.sample, x.params::jsonb
         FROM unnest($2::text[], $3::uuid[], $4::uuid[], $5::int[], $6::text[]) AS x(key, connection, item, sample, params)`,
      [jobId, keys, connectionIds, itemIds, samples, params],
    );
    await insertAuditEvent(client, {
      actorId: options.actorId,
      projectId: input.projectId,
      action: 'generation.create',
      targetType: 'generation_job',
      targetId: jobId,
      data: { kind: 'RESPONSES', prompts: targets.length, tasks: keys.length },
    });
    await queueGenerationRunners({ jobId, client });
    return { jobId, taskCount: keys.length };
  });
}
