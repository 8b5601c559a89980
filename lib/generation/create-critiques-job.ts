import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getCritiqueTemplate } from '@/lib/generation/get-critique-template';
import { queueGenerationRunners } from '@/lib/generation/queue-generation-runners';
import { resolveJobConnections, taskParams } from '@/lib/generation/resolve-job-connections';
import { ZCreateCritiquesJob, type TCreateCritiquesJob, type TGenerationJobSpec } from '@/lib/generation/schemas';

/** Texts one critiques job may take at most. */
export const MAX_JOB_TEXTS = 100_000;

/**
 * A critiques job: `samples` critiques from one connection of each selected text, with the project's
 * current critique template (its version recorded on the job and on every critique). Texts: the
 * responses of the project's items (all, the perturb sources, or listed ones; items still waiting for
 * responses left out) and, with `perturbations`, both texts of every accepted perturbation (the
 * original response and its flawed variant: the detect experiment shows critiques of exactly the
 * text on screen). Each (response, variant) once; idempotency key response:variant:sample.
 */
export async function createCritiquesJob(options: {
  actorId: string | null;
  input: TCreateCritiquesJob;
}): Promise<{ jobId: string; taskCount: number }> {
  const input = ZCreateCritiquesJob.parse(options.input);
  const [connection] = await resolveJobConnections({ projectId: input.projectId, connectionIds: [input.connectionId] });
  const template = await getCritiqueTemplate({ projectId: input.projectId });
  const { targets } = input;
  return withTransaction(async (client) => {
    const parts: string[] = [];
    if (targets.responseIds?.length) {
      parts.push(`SELECT r.id AS response, NULL::uuid AS perturbation FROM responses r JOIN items i ON i.id = r."itemId"
                   WHERE i."projectId" = $1 AND r.id = ANY($2::uuid[])`);
    } else if (targets.responses !== 'none') {
      parts.push(`SELECT r.id AS response, NULL::uuid AS perturbation FROM responses r JOIN items i ON i.id = r."itemId"
                   WHERE i."projectId" = $1 AND NOT i."awaitingResponses" ${targets.responses === 'sources' ? 'AND r."perturbSource"' : ''}`);
    }
    if (targets.perturbations) {
      parts.push(`SELECT p."responseId", NULL::uuid FROM perturbations p WHERE p."projectId" = $1 AND p.status = 'ACCEPTED'`);
      parts.push(`SELECT p."responseId", p.id FROM perturbations p WHERE p."projectId" = $1 AND p.status = 'ACCEPTED'`);
    }
    if (parts.length === 0)
      throw new AppError('INVALID_INPUT', 'Choose responses or perturbations to critique.', { targets: ['Choose what to critique.'] });
    const { rows: texts } = await client.query<{ response: string; perturbation: string | null }>(
      `SELECT DISTINCT response, perturbation FROM (${parts.join(' UNION ALL ')}) t(response, perturbation)
        ORDER BY response, perturbation NULLS FIRST LIMIT ${MAX_JOB_TEXTS + 1}`,
      targets.responseIds?.length ? [input.projectId, targets.responseIds] : [input.projectId],
    );
    if (texts.length === 0)
      throw new AppError('INVALID_INPUT', 'No text matches this selection.', { targets: ['No text matches this selection.'] });
    if (texts.length > MAX_JOB_TEXTS)
      throw new AppError('INVALID_INPUT', `At most ${MAX_JOB_TEXTS} texts per job.`, { targets: ['Too many texts.'] });
    const spec: TGenerationJobSpec = { connectionIds: [connection!.id], samples: input.samples, params: input.params, targets };
    const { rows: jobs } = await client.query<{ id: string }>(
      `INSERT INTO generation_jobs ("projectId", kind, spec, "taskCount", "templateVersion", "createdById")
       VALUES ($1, 'CRITIQUES', $2, $3, $4, $5) RETURNING id`,
      [input.projectId, JSON.stringify(spec), texts.length * input.samples, template.version, options.actorId],
    );
    const jobId = jobs[0]!.id;
    const keys: string[] = [];
    const responseIds: string[] = [];
    const perturbationIds: (string | null)[] = [];
    const samples: number[] = [];
    const params: string[] = [];
    for (const text of texts) {
      for (let k = 0; k < input.samples; k++) {
        keys.push(`${text.response}:${text.perturbation ?? 'original'}:${k}`);
        responseIds.push(text.response);
        perturbationIds.push(text.perturbation);
        samples.push(k);
        params.push(JSON.stringify(taskParams(connection!, input.params, k)));
      }
    }
    await client.query(
      `INSERT INTO generation_tasks ("jobId", "idempotencyKey", "connectionId", "responseId", "perturbationId", sample, params)
       SELECT $1, x.key, $2, x.response, x.perturbation, x.sample, x.params::jsonb
         FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::int[], $7::text[]) AS x(key, response, perturbation, sample, params)`,
      [jobId, connection!.id, keys, responseIds, perturbationIds, samples, params],
    );
    await insertAuditEvent(client, {
      actorId: options.actorId,
      projectId: input.projectId,
      action: 'generation.create',
      targetType: 'generation_job',
      targetId: jobId,
      data: { kind: 'CRITIQUES', texts: texts.length, tasks: keys.length, templateVersion: template.version },
    });
    await queueGenerationRunners({ jobId, client });
    return { jobId, taskCount: keys.length };
  });
}
