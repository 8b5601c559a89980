import { getReadPool, getReadSql } from '@/lib/db';
import { computeCritiqueEval, type CritiqueEval, type EvalTrial } from '@/lib/detect/compute-critique-eval';
import { countedLabelSql } from '@/lib/judgments/counted-labels';

export type ProjectCritiqueEval = CritiqueEval & {
  /** Submitted trials left out because a lead rejected their perturbation after they ran (its planted flaw is not ground truth). */
  trialsOfRejected: number;
};

/**
 * The project's critique-experiment analysis over its submitted detect trials of accepted
 * perturbations, over counted labels only (lib/judgments/counted-labels.ts: trials of members a
 * lead excluded are left out), as the dashboard does. A perturbation rejected after its trials ran takes them out (both variants, so
 * the per-source balance holds); they are counted in `trialsOfRejected`.
 */
export async function getCritiqueEval(options: { projectId: string }): Promise<ProjectCritiqueEval> {
  // Analysis of submitted trials: a replica's (lib/db.ts getReadPool) is as good as the primary's.
  const [pool, sql] = [await getReadPool(), await getReadSql()];
  const [{ rows }, trialsOfRejected] = await Promise.all([
    pool.query<EvalTrial>(
      `SELECT t."perturbationId", t."userId", t.variant, t.arm, t."saysFlawed", t."foundIntended", t."durationMs", t."critiqueMarks",
              t."wouldHaveNoticed", t."noticedYesFirst", p.severity, p.category,
              (SELECT string_agg(DISTINCT coalesce(c."modelId", 'imported') || coalesce(' · template v' || c."templateVersion", ''), ' + ')
                 FROM critiques c
                WHERE CASE WHEN t.variant = 'FLAWED' THEN c."perturbationId" = p.id
                           ELSE c."responseId" = p."responseId" AND c."perturbationId" IS NULL END) AS "critiqueSource"
       FROM detect_trials t JOIN perturbations p ON p.id = t."perturbationId"
       WHERE t."projectId" = $1 AND t."submittedAt" IS NOT NULL AND p.status = 'ACCEPTED'
         AND ${countedLabelSql({ user: 't."userId"', project: 't."projectId"' })}`,
      [options.projectId],
    ),
    sql
      .selectFrom('detect_trials as t')
      .innerJoin('perturbations as p', 'p.id', 't.perturbationId')
      .select((eb) => eb.cast<number>(eb.fn.countAll(), 'integer').as('n'))
      .where('t.projectId', '=', options.projectId)
      .where('t.submittedAt', 'is not', null)
      .where('p.status', '<>', 'ACCEPTED')
      .executeTakeFirstOrThrow()
      .then((r) => r.n),
  ]);
  return { ...computeCritiqueEval(rows), trialsOfRejected };
}
