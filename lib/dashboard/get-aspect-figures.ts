import { computeAspectFigures, type AspectAnswerRow, type AspectFigures } from '@/lib/dashboard/aspect-figures';
import { getPgPool } from '@/lib/db';
import { countedLabelSql } from '@/lib/judgments/counted-labels';
import { readProjectSettings } from '@/lib/projects/settings';

/** The most recent aspect answers the dashboard reads (a bounded pass; the section says when it stopped there). */
export const MAX_ASPECT_ANSWERS = 60_000;

export type AspectDashboard = { figures: AspectFigures[]; answers: number; capped: boolean };

/**
 * The per-aspect figures of the dashboard (issue 27), computed when the dashboard is viewed, never
 * on the submit path: counted judgments only (labelers not excluded, items not invalid, as every
 * project figure; read from the judgments, so a label counts at once), "all unacceptable" left out. Aspects in the project's order, then any that
 * answers still name after the lead renamed or removed them. Null when the project has none.
 */
export async function getAspectFigures(options: { projectId: string }): Promise<AspectDashboard | null> {
  const { projectId } = options;
  const pool = getPgPool();
  const { rows: project } = await pool.query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [projectId]);
  const settings = readProjectSettings(project[0]?.settings);
  const { rows } = await pool.query<AspectAnswerRow>(
    `SELECT j."itemId", j."userId", j.ranking AS overall, ja.aspect, ja."sameAsOverall", ja.ranking
       FROM items i
       LEFT JOIN adjudications adj ON adj."itemId" = i.id
       JOIN judgments j ON j."itemId" = i.id
       JOIN judgment_aspects ja ON ja."judgmentId" = j.id
      WHERE i."projectId" = $1 AND adj."invalid" IS NOT TRUE AND NOT j."allUnacceptable"
        AND ${countedLabelSql({ user: 'j."userId"', project: '$1' })}
      ORDER BY j."createdAt" DESC, j.id, ja.aspect
      LIMIT $2`,
    [projectId, MAX_ASPECT_ANSWERS],
  );
  if (!settings.aspects.enabled && rows.length === 0) return null;
  const itemIds = [...new Set(rows.map((r) => r.itemId))];
  const { rows: responses } = await pool.query<{ id: string; modelId: string | null }>(
    `SELECT id, "modelId" FROM responses WHERE "itemId" = ANY($1::uuid[])`,
    [itemIds],
  );
  const named = settings.aspects.list.map((a) => a.name);
  const others = [...new Set(rows.map((r) => r.aspect))].filter((a) => !named.includes(a)).sort();
  const aspects = [...(settings.aspects.enabled ? named : named.filter((a) => rows.some((r) => r.aspect === a))), ...others];
  return {
    figures: computeAspectFigures({ aspects, rows, models: new Map(responses.map((r) => [r.id, r.modelId])) }),
    answers: rows.length,
    capped: rows.length === MAX_ASPECT_ANSWERS,
  };
}
