import { getPgPool } from '@/lib/db';
import { toViews, VIEW_SQL, type GenerationJobView, type Row } from '@/lib/generation/find-generation-jobs';

export type GenerationJobErrors = {
  /** Failures grouped by kind and message (the server's own words), most frequent first. */
  reasons: { kind: string; message: string; tasks: number; failed: number }[];
};

/** One job of the project with its progress and its errors grouped by reason; null when it is not this project's. */
export async function getGenerationJob(options: {
  projectId: string;
  jobId: string;
}): Promise<(GenerationJobView & GenerationJobErrors) | null> {
  const { rows } = await getPgPool().query<Row>(`${VIEW_SQL} WHERE j.id = $1 AND j."projectId" = $2`, [options.jobId, options.projectId]);
  if (!rows[0]) return null;
  const [view] = await toViews(rows, options.projectId);
  const { rows: reasons } = await getPgPool().query<{ kind: string; message: string; tasks: number; failed: number }>(
    `SELECT "lastErrorKind" AS kind, "lastError" AS message, count(*)::int AS tasks, count(*) FILTER (WHERE status = 'FAILED')::int AS failed
       FROM generation_tasks WHERE "jobId" = $1 AND "lastError" IS NOT NULL
      GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 20`,
    [options.jobId],
  );
  return { ...view!, reasons };
}
