import type { ClientBase, Pool } from 'pg';
import { formatProblem } from '@/lib/export/format-rows';
import type { ExportSettings } from '@/lib/export/schemas';
import type { ImportMessage } from '@/lib/import/types';
import { countedLabelSql } from '@/lib/judgments/counted-labels';

/**
 * Why the whole export cannot be written, or null: an export is all or nothing, so the "pairs"
 * format (a single user prompt) is refused up front, naming the first item, in export order, that
 * is a conversation and would give rows. Same item filters as loadExportItems.
 */
export async function findFormatProblem(options: { client: ClientBase | Pool; projectId: string; settings: ExportSettings }): Promise<string | null> {
  const { client, projectId, settings } = options;
  if (settings.format !== 'pairs') return null;
  const dated = settings.judgedFrom !== null || settings.judgedBefore !== null;
  const { rows } = await client.query<{ id: string; externalId: string | null; messages: ImportMessage[] }>(
    `SELECT i.id, i."externalId", i.messages
       FROM items i LEFT JOIN adjudications adj ON adj."itemId" = i.id
      WHERE i."projectId" = $1 AND adj."invalid" IS NOT TRUE AND (NOT $2::boolean OR NOT i."isGold")
        AND (jsonb_array_length(i.messages) <> 1 OR i.messages -> 0 ->> 'role' IS DISTINCT FROM 'user')
        AND ((adj.ranking IS NOT NULL AND NOT $5::boolean) OR EXISTS (
              SELECT 1 FROM judgments j
               WHERE j."itemId" = i.id
                 AND ${countedLabelSql({ user: 'j."userId"', project: '$1' })}
                 AND ($3::timestamp IS NULL OR j."createdAt" >= $3::timestamp)
                 AND ($4::timestamp IS NULL OR j."createdAt" < $4::timestamp)))
      ORDER BY i."createdAt", i.id
      LIMIT 1`,
    [projectId, settings.pair.excludeGold, settings.judgedFrom?.replace('Z', '') ?? null, settings.judgedBefore?.replace('Z', '') ?? null, dated],
  );
  const row = rows[0];
  if (!row) return null;
  return formatProblem('pairs', { itemId: row.id, externalId: row.externalId, messages: row.messages, responses: [], isGold: false, judgments: [], adjudicatedRanking: null });
}
