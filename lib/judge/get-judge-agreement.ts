import { getPgPool } from '@/lib/db';
import { computeJudgeAgreement, type JudgeAgreement, type JudgeAgreementItem } from '@/lib/judge/compute-judge-agreement';
import { countedLabelSql } from '@/lib/judgments/counted-labels';

export type JudgeRunSummary = {
  jobId: string;
  connectionName: string;
  model: string;
  templateVersion: number;
  labels: number;
  createdAt: Date;
};

/** The project's judge runs with labels, newest first (the dashboard's choice of run). */
export async function findJudgeRuns(options: { projectId: string }): Promise<JudgeRunSummary[]> {
  const { rows } = await getPgPool().query<JudgeRunSummary>(
    `SELECT l."jobId", min(l."connectionName") AS "connectionName", min(l.model) AS model, min(l."templateVersion") AS "templateVersion",
            count(*)::int AS labels, j."createdAt"
       FROM judge_labels l JOIN generation_jobs j ON j.id = l."jobId"
      WHERE l."projectId" = $1 GROUP BY l."jobId", j."createdAt" ORDER BY j."createdAt" DESC, l."jobId" LIMIT 50`,
    [options.projectId],
  );
  return rows;
}

/**
 * Judge–human agreement of one judge run (default: the newest with labels), computed on demand from
 * the judge's labels and the counted human rankings of the same items (excluded labelers and items
 * adjudicated invalid left out). Read by the dashboard and the CLI only, never on a submit.
 */
export async function getJudgeAgreement(options: {
  projectId: string;
  jobId?: string;
  resamples?: number;
}): Promise<{ run: JudgeRunSummary | null; runs: JudgeRunSummary[]; agreement: JudgeAgreement; names: Record<string, string> }> {
  const runs = await findJudgeRuns({ projectId: options.projectId });
  const run = (options.jobId ? runs.find((r) => r.jobId === options.jobId) : runs[0]) ?? null;
  if (!run) return { run: null, runs, agreement: computeJudgeAgreement([]), names: {} };
  const { rows } = await getPgPool().query<{
    itemId: string;
    judge: string[][] | null;
    judgeReversed: string[][] | null;
    humans: { userId: string; ranking: string[][] }[];
    models: Record<string, string | null>;
  }>(
    `SELECT i.id AS "itemId",
            (SELECT l.ranking FROM judge_labels l WHERE l."jobId" = $2 AND l."itemId" = i.id AND NOT l.reversed) AS judge,
            (SELECT l.ranking FROM judge_labels l WHERE l."jobId" = $2 AND l."itemId" = i.id AND l.reversed) AS "judgeReversed",
            (SELECT coalesce(json_agg(json_build_object('userId', j."userId", 'ranking', j.ranking) ORDER BY j."createdAt", j.id), '[]')
               FROM judgments j WHERE j."itemId" = i.id AND NOT j."allUnacceptable" AND ${countedLabelSql({ user: 'j."userId"', project: '$1' })}) AS humans,
            (SELECT json_object_agg(r.id, r."modelId") FROM responses r WHERE r."itemId" = i.id) AS models
       FROM items i LEFT JOIN adjudications adj ON adj."itemId" = i.id
      WHERE i."projectId" = $1 AND adj.invalid IS NOT TRUE AND i.id IN (SELECT "itemId" FROM judge_labels WHERE "jobId" = $2)
      ORDER BY i.id`,
    [options.projectId, run.jobId],
  );
  const items: JudgeAgreementItem[] = rows;
  const agreement = computeJudgeAgreement(items, { resamples: options.resamples });
  const { rows: users } = await getPgPool().query<{ id: string; name: string | null; email: string }>(
    `SELECT id, name, email FROM users WHERE id = ANY($1::uuid[])`,
    [agreement.perLabeler.map((l) => l.userId)],
  );
  const names = Object.fromEntries(users.map((u) => [u.id, u.name || u.email]));
  return { run, runs, agreement, names };
}
