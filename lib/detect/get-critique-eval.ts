import { getPgPool } from '@/lib/db';
import { computeCritiqueEval, type CritiqueEval, type EvalTrial } from '@/lib/detect/compute-critique-eval';

/**
 * The project's critique-experiment analysis over its submitted detect trials, leaving out the
 * trials of members a lead excluded (memberships.excluded), as the dashboard does.
 */
export async function getCritiqueEval(options: { projectId: string }): Promise<CritiqueEval> {
  const { rows } = await getPgPool().query<EvalTrial>(
    `SELECT t."perturbationId", t."userId", t.variant, t.arm, t."saysFlawed", t."foundIntended", t."durationMs", t."critiqueMarks",
            t."wouldHaveNoticed", p.severity, p.category
     FROM detect_trials t JOIN perturbations p ON p.id = t."perturbationId"
     WHERE t."projectId" = $1 AND t."submittedAt" IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m."projectId" = t."projectId" AND m."userId" = t."userId" AND m.excluded)`,
    [options.projectId],
  );
  return computeCritiqueEval(rows);
}
