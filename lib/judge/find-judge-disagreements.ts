import { getPgPool } from '@/lib/db';
import { consensusSigns } from '@/lib/judge/compute-judge-agreement';
import { countedLabelSql } from '@/lib/judgments/counted-labels';

/**
 * For the disagreement queue: whether the judge's latest label (shown order, not reversed) of each
 * item orders a pair against a strict human consensus (the pairwise majority of counted rankings).
 * Items the judge has not labeled are absent from the map. One query for the page's items.
 */
export async function findJudgeDisagreements(options: { projectId: string; itemIds: string[] }): Promise<Map<string, boolean>> {
  if (options.itemIds.length === 0) return new Map();
  const { rows } = await getPgPool().query<{ itemId: string; judge: string[][]; humans: string[][][] }>(
    `SELECT l."itemId", l.ranking AS judge,
            (SELECT coalesce(json_agg(j.ranking), '[]') FROM judgments j
              WHERE j."itemId" = l."itemId" AND NOT j."allUnacceptable" AND ${countedLabelSql({ user: 'j."userId"', project: '$1' })}) AS humans
       FROM (SELECT DISTINCT ON ("itemId") "itemId", ranking FROM judge_labels
              WHERE "projectId" = $1 AND "itemId" = ANY($2::uuid[]) AND NOT reversed ORDER BY "itemId", "createdAt" DESC) l`,
    [options.projectId, options.itemIds],
  );
  const out = new Map<string, boolean>();
  for (const row of rows) {
    const at = new Map(row.judge.flatMap((group, g) => group.map((id) => [id, g] as const)));
    let against = false;
    for (const [key, c] of consensusSigns(row.humans)) {
      const [x, y] = key.split('|') as [string, string];
      if (c === 0 || !at.has(x) || !at.has(y)) continue;
      const s = Math.sign(at.get(y)! - at.get(x)!);
      if (s !== 0 && s !== c) against = true;
    }
    out.set(row.itemId, against);
  }
  return out;
}
