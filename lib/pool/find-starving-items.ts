import { foldProgress, INLINE_FOLD_LIMIT, type FoldResult } from '@/lib/pool/fold-progress';
import { withTransaction } from '@/lib/db';
import { queueStatsRefresh } from '@/lib/judgments/refresh-project-stats';
import { PROMPT_NAME_CHARS, promptSql, truncatePrompt } from '@/lib/items/prompt-preview';
import { hasItemRequirementSql } from '@/lib/pool/routing-sql';

export type StarvingItem = {
  itemId: string;
  externalId: string | null;
  /** Its prompt, truncated: how a list names the item. */
  prompt: string;
  requirement: string;
  /** Ranking slots still open (overlap − slots held or submitted). */
  remaining: number;
  /** Active, unpaused labeler members who meet the requirement and have not had the item. */
  qualified: number;
};

const LIMIT = 100;

/**
 * Items starving for qualified labelers (issue 10): routed items (their own or the project's
 * requirement) with open ranking slots where fewer qualified, active, unpaused labelers who have
 * not yet had the item exist than slots remain — including none. Up to 100, fewest qualified first,
 * with the total count. The qualification test is the claim's own (lib/pool/routing-sql.ts).
 *
 * Issue 23: from the progress rollups (lib/pool/fold-progress.ts), brought up to date with
 * what changed since the last view in the same transaction: per item its slots taken and how many
 * of its class's qualifying labelers have had it, so no labeler × item test runs on a view. Equal
 * to the from-scratch query (lib/dashboard/from-scratch.ts, tests/integration/progress-rollups.test.ts).
 * Past a backlog the fold is left to the background, as getProgressSummary's: `freshness` says so.
 */
export async function findStarvingItems(options: {
  projectId: string;
  inlineFoldLimit?: number;
}): Promise<{ total: number; items: StarvingItem[]; freshness: { asOf: Date | null; behind: boolean } }> {
  const { projectId, inlineFoldLimit = INLINE_FOLD_LIMIT } = options;
  let fold: FoldResult | undefined;
  const rows = await withTransaction(async (client) => {
    fold = await foldProgress(client, projectId, { limit: inlineFoldLimit });
    const { rows } = await client.query<StarvingItem & { total: number }>(
      `WITH routed AS MATERIALIZED (
         -- The routed classes first (an unrouted project has none), then only their items.
         SELECT c.key, cardinality(c.users) AS qualifying, p.overlap
         FROM progress_classes c JOIN projects p ON p.id = c."projectId" LEFT JOIN project_pool_settings ps ON ps."projectId" = c."projectId"
         WHERE c."projectId" = $1 AND (${hasItemRequirementSql('c')} OR coalesce(${hasItemRequirementSql('ps')}, false))),
       starving AS (
         SELECT ip."itemId", r.overlap - ip.slots AS remaining, r.qualifying - ip.had AS qualified
         FROM routed r JOIN item_progress ip ON ip."projectId" = $1 AND ip."reqClass" = r.key
         WHERE ip.slots < r.overlap AND r.qualifying - ip.had < r.overlap - ip.slots),
       page AS (SELECT *, count(*) OVER ()::int AS total FROM starving ORDER BY qualified, remaining DESC, "itemId" LIMIT ${LIMIT})
       SELECT page."itemId", i."externalId", left(${promptSql('i')}, ${PROMPT_NAME_CHARS * 2}) AS prompt, page.remaining, page.qualified, page.total,
              concat_ws(' · ',
                CASE WHEN i."requiredLanguage" IS NOT NULL THEN i."requiredLanguage" || ' (' || lower(coalesce(i."requiredProficiency", 'WORKING')::text) || '+)' END,
                CASE WHEN i."requiredExpertise" IS NOT NULL THEN 'expertise ' || i."requiredExpertise" END,
                CASE WHEN ps."requiredLanguage" IS NOT NULL THEN 'project: ' || ps."requiredLanguage" || ' (' || lower(coalesce(ps."requiredProficiency", 'WORKING')::text) || '+)' END,
                CASE WHEN ps."requiredExpertise" IS NOT NULL THEN 'project: expertise ' || ps."requiredExpertise" END) AS requirement
       FROM page JOIN items i ON i.id = page."itemId" LEFT JOIN project_pool_settings ps ON ps."projectId" = i."projectId"
       ORDER BY page.qualified, page.remaining DESC, page."itemId"`,
      [projectId],
    );
    return rows;
  });
  const deferred = fold?.deferred === true;
  if (deferred) await queueStatsRefresh({ projectId });
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _total, ...r }) => ({ ...r, prompt: truncatePrompt(r.prompt) })),
    freshness: deferred ? { asOf: fold?.foldedAt ?? null, behind: true } : { asOf: new Date(), behind: false },
  };
}
