import { sql } from 'kysely';
import { insertAuditEvent } from '@/lib/audit/insert-audit-event';
import { recomputeStats } from '@/lib/judgments/recompute-stats';
import { ZAdjudicateItem, type TAdjudicateItemInput } from '@/lib/dashboard/schemas';
import { typed, withTransaction } from '@/lib/db';
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
    const db = typed(client);
    const item = await db
      .selectFrom('items')
      .select('externalId')
      .where('id', '=', itemId)
      .where('projectId', '=', projectId)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!item) throw new AppError('NOT_FOUND', 'No such item in this project');
    if (ranking) {
      const rows = await db.selectFrom('responses').select('id').where('itemId', '=', itemId).execute();
      const problem = checkRanking(
        ranking,
        rows.map((r) => r.id),
      );
      if (problem) throw new AppError('INVALID_INPUT', problem, { ranking: [problem] });
    }
    const previous = await db
      .selectFrom('adjudications')
      .select(['ranking', 'invalid', 'note'])
      .where('itemId', '=', itemId)
      .executeTakeFirst();
    await db
      .insertInto('adjudications')
      .values({
        itemId,
        projectId,
        ranking: ranking === null ? null : JSON.stringify(ranking),
        invalid,
        note,
        decidedById: actorId,
        decidedAt: sql<Date>`now()`,
      })
      .onConflict((oc) =>
        oc.column('itemId').doUpdateSet((eb) => ({
          ranking: eb.ref('excluded.ranking'),
          invalid: eb.ref('excluded.invalid'),
          note: eb.ref('excluded.note'),
          decidedById: eb.ref('excluded.decidedById'),
          decidedAt: eb.ref('excluded.decidedAt'),
        })),
      )
      .execute();
    await insertAuditEvent(client, {
      actorId,
      action: 'item.adjudicate',
      projectId,
      targetType: 'item',
      targetId: itemId,
      data: { externalId: item.externalId, ranking, invalid, note, previous: previous ?? null },
    });
    await recomputeStats(client, [itemId]);
    return { itemId, ranking, invalid, note };
  });
}
