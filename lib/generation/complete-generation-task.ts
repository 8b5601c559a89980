import { createHash } from 'node:crypto';
import { getPgPool } from '@/lib/db';
import { releaseCompleteItem } from '@/lib/generation/release-complete-item';
import type { ChatCompletion } from '@/lib/models/chat-completion';

export type TaskProvenance = {
  jobId: string;
  taskId: string;
  connectionId: string;
  connectionName: string;
  /** The model name the connection asks for (the response's modelId). */
  model: string;
  params: Record<string, unknown>;
  attempts: number;
};

/**
 * Stores a task's result and marks it DONE in one statement (one transaction): only while the task is
 * still this attempt's (RUNNING with the same attempt count; a runner that lost its lease stores
 * nothing), and the response or critique carries the task id under a unique index, so a task redone
 * after a crash never stores two. The call slot's lease ends in the same statement. Returns whether
 * this attempt stored it; for a response, the item is released to labelers once it is complete.
 */
export async function completeGenerationTask(options: {
  kind: 'RESPONSES' | 'CRITIQUES';
  task: { id: string; attempts: number; itemId: string | null; responseId: string | null; perturbationId: string | null };
  provenance: TaskProvenance;
  templateVersion: number | null;
  result: ChatCompletion;
  leaseId: string;
}): Promise<boolean> {
  const { task, result, provenance } = options;
  const metadata = {
    generation: {
      jobId: provenance.jobId,
      taskId: provenance.taskId,
      connectionId: provenance.connectionId,
      connection: provenance.connectionName,
      modelRequested: provenance.model,
      modelReported: result.model,
      params: provenance.params,
      seed: typeof provenance.params.seed === 'number' ? provenance.params.seed : null,
      finishReason: result.finishReason,
      promptTokens: result.promptTokens,
      completionTokens: result.completionTokens,
      latencyMs: result.latencyMs,
      attempts: provenance.attempts,
      ...(options.templateVersion !== null && { templateVersion: options.templateVersion }),
    },
  };
  const textHash = createHash('sha256').update(`generation-task:${task.id}\n${result.text}`).digest('hex');
  // $9… are the insert's own: a response goes to the item, a critique to the response (or its flawed variant).
  const [insert, values] =
    options.kind === 'RESPONSES'
      ? [
          `INSERT INTO responses ("itemId", "modelId", text, metadata, "generationTaskId")
           SELECT $9, $10, $11, $12::jsonb, id FROM done ON CONFLICT ("generationTaskId") DO NOTHING RETURNING id`,
          [task.itemId, provenance.model, result.text, JSON.stringify(metadata)],
        ]
      : [
          `INSERT INTO critiques ("responseId", "perturbationId", text, "textHash", "modelId", "generationTaskId", "templateVersion", metadata)
           SELECT $9, $10, $11, $12, $13, id, $14, $15::jsonb FROM done ON CONFLICT DO NOTHING RETURNING id`,
          [
            task.responseId,
            task.perturbationId,
            result.text,
            textHash,
            provenance.model,
            options.templateVersion,
            JSON.stringify(metadata),
          ],
        ];
  const { rows } = await getPgPool().query<{ stored: number }>(
    `WITH done AS (
       UPDATE generation_tasks SET status = 'DONE', "leaseExpiresAt" = NULL, "finishedAt" = now(), "modelReported" = $3,
              "finishReason" = $4, "promptTokens" = $5, "completionTokens" = $6, "latencyMs" = $7
        WHERE id = $1 AND status = 'RUNNING' AND attempts = $2 RETURNING id),
     released AS (UPDATE model_call_leases SET "endedAt" = clock_timestamp() WHERE id = $8 RETURNING id),
     stored AS (${insert})
     SELECT (SELECT count(*) FROM stored)::int AS stored, (SELECT count(*) FROM released)::int AS released`,
    [
      task.id,
      task.attempts,
      result.model,
      result.finishReason,
      result.promptTokens,
      result.completionTokens,
      result.latencyMs,
      options.leaseId,
      ...values,
    ],
  );
  const stored = (rows[0]?.stored ?? 0) > 0;
  if (options.kind === 'RESPONSES' && task.itemId) await releaseCompleteItem({ itemId: task.itemId });
  return stored;
}
