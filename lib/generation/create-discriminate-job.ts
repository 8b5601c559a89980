import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { queueGenerationRunners } from '@/lib/generation/queue-generation-runners';
import { resolveJobConnections, taskParams } from '@/lib/generation/resolve-job-connections';
import { ZCreateDiscriminateJob, type TCreateDiscriminateJob } from '@/lib/judge/schemas';
import { CRITIQUE_CHECK_PROMPT_VERSION, DISCRIMINATE_PROMPT_VERSION } from '@/lib/judge/templates';

/**
 * A DISCRIMINATE job on the project's accepted perturbations (the discriminator–critique gap): per
 * perturbation `trials` discriminator trials (the judge shown both texts in a drawn order, asked which
 * is flawed) and, with `checkCritiques`, one check per critique of the flawed text ("does it point to
 * the planted flaw?"). Audited; runners queued.
 */
export async function createDiscriminateJob(options: {
  actorId: string | null;
  input: TCreateDiscriminateJob;
}): Promise<{ jobId: string; taskCount: number }> {
  const input = ZCreateDiscriminateJob.parse(options.input);
  const [connection] = await resolveJobConnections({ projectId: input.projectId, connectionIds: [input.connectionId] });
  return withTransaction(async (client) => {
    const { rows: perturbations } = await client.query<{ id: string; responseId: string }>(
      `SELECT id, "responseId" FROM perturbations WHERE "projectId" = $1 AND status = 'ACCEPTED' ORDER BY "createdAt", id`,
      [input.projectId],
    );
    const { rows: critiques } = input.checkCritiques
      ? await client.query<{ id: string; perturbationId: string; responseId: string }>(
          `SELECT c.id, c."perturbationId", c."responseId" FROM critiques c JOIN perturbations p ON p.id = c."perturbationId"
            WHERE p."projectId" = $1 AND p.status = 'ACCEPTED' ORDER BY c."createdAt", c.id`,
          [input.projectId],
        )
      : { rows: [] };
    const tasks = [
      ...perturbations.flatMap((p) =>
        Array.from({ length: input.trials }, (_, k) => ({ key: `${p.id}:trial:${k}`, p: p.id, r: p.responseId, c: null, sample: k })),
      ),
      ...critiques.map((c) => ({ key: `${c.perturbationId}:critique:${c.id}`, p: c.perturbationId, r: c.responseId, c: c.id, sample: 0 })),
    ];
    if (tasks.length === 0)
      throw new AppError('INVALID_INPUT', 'No accepted perturbation (or critique of one) to ask about.', { trials: ['Nothing to ask.'] });
    const spec = {
      connectionIds: [connection!.id],
      samples: input.trials,
      params: input.params,
      attempts: input.attempts,
      checkCritiques: input.checkCritiques,
      promptVersions: { discriminate: DISCRIMINATE_PROMPT_VERSION, critiqueCheck: CRITIQUE_CHECK_PROMPT_VERSION },
    };
    const { rows: jobs } = await client.query<{ id: string }>(
      `INSERT INTO generation_jobs ("projectId", kind, spec, "taskCount", "createdById") VALUES ($1, 'DISCRIMINATE', $2, $3, $4) RETURNING id`,
      [input.projectId, JSON.stringify(spec), tasks.length, options.actorId],
    );
    const jobId = jobs[0]!.id;
    await client.query(
      `INSERT INTO generation_tasks ("jobId", "idempotencyKey", "connectionId", "perturbationId", "responseId", "critiqueId", sample, params)
       SELECT $1, x.key, $2, x.p, x.r, x.c, x.sample, x.params::jsonb
         FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::text[]) AS x(key, p, r, c, sample, params)`,
      [
        jobId,
        connection!.id,
        tasks.map((t) => t.key),
        tasks.map((t) => t.p),
        tasks.map((t) => t.r),
        tasks.map((t) => t.c),
        tasks.map((t) => t.sample),
        // Trial k is sent seed + k when a seed is set (trials of one perturbation differ, each reproducible).
        tasks.map((t) => JSON.stringify(taskParams(connection!, input.params, t.sample))),
      ],
    );
    await insertAuditEvent(client, {
      actorId: options.actorId,
      projectId: input.projectId,
      action: 'generation.create',
      targetType: 'generation_job',
      targetId: jobId,
      data: { kind: 'DISCRIMINATE', perturbations: perturbations.length, critiques: critiques.length, tasks: tasks.length },
    });
    await queueGenerationRunners({ jobId, client });
    return { jobId, taskCount: tasks.length };
  });
}
