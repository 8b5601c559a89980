import { getPgPool } from '@/lib/db';
import { PROMPT_NAME_CHARS, promptSql, truncatePrompt } from '@/lib/items/prompt-preview';
import { hasItemRequirementSql, routingSql } from '@/lib/pool/routing-sql';

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
 */
export async function findStarvingItems(options: { projectId: string }): Promise<{ total: number; items: StarvingItem[] }> {
  const { rows } = await getPgPool().query<StarvingItem & { total: number }>(
    `WITH candidates AS (
       SELECT i.id, i."externalId", left(${promptSql('i')}, ${PROMPT_NAME_CHARS * 2}) AS prompt, i."requiredLanguage", i."requiredProficiency", i."requiredExpertise", p.overlap - i."rankSlotsTaken" AS remaining,
              (SELECT count(*)::int FROM memberships m JOIN users u ON u.id = m."userId"
               WHERE m."projectId" = i."projectId" AND NOT m.paused AND u.active AND u.role = 'LABELER'
                 AND (cardinality(m."allowedKinds") = 0 OR 'RANK' = ANY(m."allowedKinds"))
                 AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = i.id AND a."userId" = m."userId" AND a.kind = 'RANK' AND a.status <> 'EXPIRED')
                 AND ${routingSql({ item: 'i', user: 'm."userId"', project: 'i."projectId"' })}) AS qualified,
              ps."requiredLanguage" AS "projectLanguage", ps."requiredProficiency" AS "projectProficiency", ps."requiredExpertise" AS "projectExpertise"
       FROM items i JOIN projects p ON p.id = i."projectId"
       LEFT JOIN project_pool_settings ps ON ps."projectId" = i."projectId"
       WHERE i."projectId" = $1 AND i."rankSlotsTaken" < p.overlap
         AND (${hasItemRequirementSql('i')} OR ${hasItemRequirementSql('ps')})
     )
     SELECT id AS "itemId", "externalId", prompt, remaining, qualified, count(*) OVER ()::int AS total,
            concat_ws(' · ',
              CASE WHEN "requiredLanguage" IS NOT NULL THEN "requiredLanguage" || ' (' || lower(coalesce("requiredProficiency", 'WORKING')::text) || '+)' END,
              CASE WHEN "requiredExpertise" IS NOT NULL THEN 'expertise ' || "requiredExpertise" END,
              CASE WHEN "projectLanguage" IS NOT NULL THEN 'project: ' || "projectLanguage" || ' (' || lower(coalesce("projectProficiency", 'WORKING')::text) || '+)' END,
              CASE WHEN "projectExpertise" IS NOT NULL THEN 'project: expertise ' || "projectExpertise" END) AS requirement
     FROM candidates WHERE qualified < remaining
     ORDER BY qualified, remaining DESC, id LIMIT ${LIMIT}`,
    [options.projectId],
  );
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...r }) => ({ ...r, prompt: truncatePrompt(r.prompt) })) };
}
