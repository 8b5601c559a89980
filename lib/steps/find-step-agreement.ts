import 'server-only';
import { getSql } from '@/lib/db';
import { findExcludedLabelers } from '@/lib/judgments/counted-labels';
import { computeStepAgreement, type StepAgreement, type StepResponseLabels } from '@/lib/steps/step-agreement';
import { ZStepLabels } from '@/lib/steps/schemas';

export type ProjectStepAgreement = StepAgreement & { labels: number; imported: number; labelers: number };

/**
 * The project's agreement on step labels (lib/steps/step-agreement.ts) over every step labelling,
 * labelled or imported, of labelers a lead has not excluded; null when the project has none. Read
 * from step_judgments on the request path (one row per labelling), fine for the sizes step
 * labelling reaches today; a rollup like the ranking figures' is the next step if it grows.
 */
export async function findStepAgreement(options: { projectId: string; seed?: number }): Promise<ProjectStepAgreement | null> {
  const db = getSql();
  const excluded = await findExcludedLabelers(db, options.projectId);
  let query = db
    .selectFrom('step_judgments')
    .select(['responseId', 'userId', 'steps', 'labels', 'source'])
    .where('projectId', '=', options.projectId)
    .orderBy('responseId')
    .orderBy('createdAt');
  if (excluded.length > 0) query = query.where('userId', 'not in', excluded);
  const rows = await query.execute();
  if (rows.length === 0) return null;
  const byResponse = new Map<string, StepResponseLabels>();
  for (const row of rows) {
    const parsed = ZStepLabels.safeParse(row.labels);
    if (!parsed.success) continue;
    const entry = byResponse.get(row.responseId) ?? { responseId: row.responseId, stepCount: row.steps?.length ?? 0, labelings: [] };
    // One labelling per labeler and response (a labeler labels a solution once; an import may repeat one: the first counts).
    if (!entry.labelings.some((l) => l.labeler === row.userId))
      entry.labelings.push({ labeler: row.userId, ratings: parsed.data.map((l) => l.rating) });
    byResponse.set(row.responseId, entry);
  }
  const agreement = computeStepAgreement([...byResponse.values()], { seed: options.seed });
  return {
    ...agreement,
    labels: rows.length,
    imported: rows.filter((r) => r.source === 'IMPORTED').length,
    labelers: new Set(rows.map((r) => r.userId)).size,
  };
}
