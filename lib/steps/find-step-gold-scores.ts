import { getPgPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import { compareWithStepGold, poolStepGold, type StepGoldComparison, type StepGoldScore } from '@/lib/steps/step-gold';

/**
 * Each labeler's step gold score in the project (lib/steps/step-gold.ts), computed on view: their
 * step labellings made in the app (not imported) of the solution a gold steps item's gold labels,
 * one query bounded by the gold items × their labellings (the project's overlap each). Labelers
 * with no such labelling are absent from the map.
 */
export async function findStepGoldScores(options: {
  projectId: string;
  /** Only this labeler's labellings (their own quality view). */
  userId?: string;
  /** Only labellings made before this instant (the own view's delay). */
  before?: Date;
}): Promise<Map<string, StepGoldScore>> {
  const pool = getPgPool();
  const [{ rows }, project] = await Promise.all([
    pool.query<{
      userId: string;
      goldSteps: string[];
      goldLabels: { rating: number }[];
      goldFinal: string;
      steps: string[];
      labels: { rating: number }[];
      finalAnswer: string | null;
    }>(
      `SELECT s."userId", g.steps AS "goldSteps", g.labels AS "goldLabels", g."finalAnswer"::text AS "goldFinal",
              s.steps, s.labels, s."finalAnswer"::text AS "finalAnswer"
       FROM step_gold g JOIN step_judgments s ON s."itemId" = g."itemId" AND s."responseId" = g."responseId" AND s.source = 'LABELED'
       WHERE g."projectId" = $1 AND ($2::uuid IS NULL OR s."userId" = $2::uuid)
         AND ($3::timestamptz IS NULL OR s."createdAt" < $3::timestamptz AT TIME ZONE 'UTC')`,
      [options.projectId, options.userId ?? null, options.before?.toISOString() ?? null],
    ),
    pool.query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [options.projectId]),
  ]);
  const { untilFirstError } = readProjectSettings(project.rows[0]?.settings).steps;
  const byUser = new Map<string, StepGoldComparison[]>();
  for (const r of rows) {
    const gold = { steps: r.goldSteps, labels: r.goldLabels, finalAnswer: r.goldFinal };
    const c = compareWithStepGold(gold, { steps: r.steps, labels: r.labels, finalAnswer: r.finalAnswer }, untilFirstError);
    if (!c) continue;
    const list = byUser.get(r.userId) ?? [];
    list.push(c);
    byUser.set(r.userId, list);
  }
  return new Map([...byUser].map(([userId, list]) => [userId, poolStepGold(list)]));
}
