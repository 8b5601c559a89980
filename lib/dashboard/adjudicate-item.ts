import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { recomputeStats } from '@/lib/dashboard/recompute-stats';
import { ZAdjudicateItem, type TAdjudicateItemInput } from '@/lib/dashboard/schemas';
import { withTransaction } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { checkRanking } from '@/lib/judgments/check-ranking';

export type AdjudicationResult = { itemId: string; ranking: string[][] | null; invalid: boolean; note: string };

/**
 * Records the lead's verdict on an item (one per item; a new verdict replaces the last, which
 * stays in the audit log): a reference ranking over every response, which then counts like a gold
 * ranking for labelers' accuracy, or "invalid", which leaves the item out of exports and
 * statistics. The item's numbers are recomputed in the same transaction.
 */
export async function adjudicateItem(options: { actorId: string } & TAdjudicateItemInput): Promise<AdjudicationResult> {
  const { actorId, ...rest } = options;
  const parsed = ZAdjudicateItem.safeParse(rest);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid adjudication');
  const { projectId, itemId, ranking, invalid, note } = parsed.data;
  return withTransaction(async (client) => {
    const item = await client.query<{ externalId: string | null }>(
      `SELECT "externalId" FROM items WHERE id = $1 AND "projectId" = $2 FOR NO KEY UPDATE`,
      [itemId, projectId],
    );
    if (!item.rows[0]) throw new AppError('NOT_FOUND', 'No such item in this project');
    if (ranking) {
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM responses WHERE "itemId" = $1`, [itemId]);
      const problem = checkRanking(ranking, rows.map((r) => r.id));
      if (problem) throw new AppError('INVALID_INPUT', problem, { ranking: [problem] });
    }
    const previous = await client.query<{ ranking: unknown; invalid: boolean; note: string }>(`SELECT ranking, invalid, note FROM adjudications WHERE "itemId" = $1`, [itemId]);
    await client.query(
      `INSERT INTO adjudications ("itemId", "projectId", ranking, invalid, note, "decidedById", "decidedAt")
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT ("itemId") DO UPDATE SET ranking = EXCLUDED.ranking, invalid = EXCLUDED.invalid, note = EXCLUDED.note,
         "decidedById" = EXCLUDED."decidedById", "decidedAt" = EXCLUDED."decidedAt"`,
      [itemId, projectId, ranking === null ? null : JSON.stringify(ranking), invalid, note, actorId],
    );
    await insertAuditEvent(client, {
      actorId,
      action: 'item.adjudicate',
      projectId,
      targetType: 'item',
      targetId: itemId,
      data: { externalId: item.rows[0].externalId, ranking, invalid, note, previous: previous.rows[0] ?? null },
    });
    await recomputeStats(client, [itemId]);
    return { itemId, ranking, invalid, note };
  });
}
