import { getPgPool } from '@/lib/db';

export type GenerationJobStatus = 'QUEUED' | 'RUNNING' | 'CANCELLED' | 'FINISHED' | 'FAILED';

/** A job as the Jobs page, the CLI and the API show it: progress, rate, estimate, tokens. No key, no connection secret. */
export type GenerationJobView = {
  id: string;
  kind: 'RESPONSES' | 'CRITIQUES' | 'JUDGE' | 'DISCRIMINATE';
  status: GenerationJobStatus;
  /** Connection names and models; samples per text; the parameters asked for. */
  connections: { id: string; name: string; model: string }[];
  samples: number;
  params: Record<string, unknown>;
  templateVersion: number | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  cancelledAt: Date | null;
  total: number;
  done: number;
  failed: number;
  running: number;
  queued: number;
  /** Queued again after a failed attempt (waiting for their backoff or Retry-After). */
  retrying: number;
  promptTokens: number;
  completionTokens: number;
  /** Tasks ended per second over the last minute; null before any. */
  ratePerSecond: number | null;
  /** Seconds left at that rate; null when not running or no rate yet. */
  etaSeconds: number | null;
};

export const VIEW_SQL = `
  SELECT j.id, j.kind::text AS kind, j.status::text AS status, j.spec, j."templateVersion", u.name AS "createdBy",
         j."createdAt", j."startedAt", j."finishedAt", j."cancelledAt", j."taskCount" AS total,
         c.done, c.failed, c.running, c.queued, c.retrying, c.pt AS "promptTokens", c.ct AS "completionTokens", c.recent
    FROM generation_jobs j
    LEFT JOIN users u ON u.id = j."createdById"
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE t.status = 'DONE')::int AS done, count(*) FILTER (WHERE t.status = 'FAILED')::int AS failed,
             count(*) FILTER (WHERE t.status = 'RUNNING')::int AS running, count(*) FILTER (WHERE t.status = 'QUEUED')::int AS queued,
             count(*) FILTER (WHERE t.status = 'QUEUED' AND t.attempts > 0)::int AS retrying,
             coalesce(sum(t."promptTokens"), 0)::float8 AS pt, coalesce(sum(t."completionTokens"), 0)::float8 AS ct,
             count(*) FILTER (WHERE t."finishedAt" > now() - interval '60 seconds')::int AS recent
        FROM generation_tasks t WHERE t."jobId" = j.id) c`;

export type Row = Omit<GenerationJobView, 'connections' | 'samples' | 'params' | 'ratePerSecond' | 'etaSeconds'> & {
  spec: unknown;
  recent: number;
};

/** Job rows with their connections' names and the rate and estimate worked out (shared with getGenerationJob). */
export async function toViews(rows: Row[], projectId: string): Promise<GenerationJobView[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.spec as { connectionIds?: string[] }).connectionIds ?? []))];
  const { rows: connections } = await getPgPool().query<{ id: string; name: string; model: string }>(
    `SELECT id, name, model FROM model_connections WHERE id = ANY($1::uuid[]) AND ("projectId" = $2 OR "projectId" IS NULL)`,
    [ids, projectId],
  );
  const byId = new Map(connections.map((c) => [c.id, c]));
  return rows.map(({ spec, recent, ...row }) => {
    const s = spec as { connectionIds?: string[]; samples?: number; params?: Record<string, unknown> };
    const open = row.queued + row.running;
    const started = row.startedAt ? Math.max(1, (Date.now() - row.startedAt.getTime()) / 1000) : null;
    // The last minute's rate; in a job's first minute, its rate since it started.
    const ratePerSecond = recent > 0 && started !== null ? recent / Math.min(60, started) : null;
    return {
      ...row,
      connections: (s.connectionIds ?? []).map((id) => byId.get(id) ?? { id, name: '(removed)', model: '' }),
      samples: s.samples ?? 0,
      params: s.params ?? {},
      ratePerSecond,
      etaSeconds: row.status === 'RUNNING' && ratePerSecond ? Math.round(open / ratePerSecond) : null,
    };
  });
}

/** A project's generation jobs, newest first (at most `limit`), with their live progress. */
export async function findGenerationJobs(options: { projectId: string; limit?: number }): Promise<GenerationJobView[]> {
  const { rows } = await getPgPool().query<Row>(`${VIEW_SQL} WHERE j."projectId" = $1 ORDER BY j."createdAt" DESC, j.id LIMIT $2`, [
    options.projectId,
    options.limit ?? 50,
  ]);
  return toViews(rows, options.projectId);
}
