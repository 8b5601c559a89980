import { getPgPool } from '@/lib/db';
import { meanLikertSql } from '@/lib/judgments/counted-labels';

export type ItemSource = { responseId: string; marked: boolean; meanLikert: number | null; perturbations: number };

/** Per response of an item: marked as a perturb source, its mean Likert over counted labels (the score the source rule reads), perturbations planted in it. */
export async function findItemSources(options: { projectId: string; itemId: string }): Promise<ItemSource[]> {
  const { rows } = await getPgPool().query<{ responseId: string; marked: boolean; meanLikert: number | null; perturbations: number }>(
    `SELECT r.id AS "responseId", r."perturbSource" AS marked,
            ${meanLikertSql({ response: 'r.id', project: '$2' })} AS "meanLikert",
            (SELECT count(*)::int FROM perturbations p WHERE p."responseId" = r.id) AS perturbations
     FROM responses r JOIN items i ON i.id = r."itemId"
     WHERE r."itemId" = $1 AND i."projectId" = $2
     ORDER BY r."createdAt", r."externalId", r.id`,
    [options.itemId, options.projectId],
  );
  return rows;
}
