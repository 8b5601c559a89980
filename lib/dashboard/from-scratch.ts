import { hasItemRequirementSql, meetsRequirementSql, routingSql } from '@/lib/pool/routing-sql';

/**
 * The progress and starving-item figures computed from scratch by plain SQL over assignments,
 * items and memberships, with nothing precomputed: what getProgressSummary and findStarvingItems
 * answered before issue 23 on every view. Kept as the definition the incremental figures must
 * equal: the property test's oracle (tests/integration/progress-rollups.test.ts) and the
 * dashboard benchmark's baseline. Not for pages: each scans every assignment of the project.
 */

/** Items total / complete / in progress, labels needed and givable, items starving; $1 = project. */
export const PROGRESS_ITEMS_FROM_SCRATCH_SQL = `
WITH submitted AS (
  SELECT "itemId", count(*)::int AS n FROM assignments
  WHERE "projectId" = $1 AND kind = 'RANK' AND status = 'SUBMITTED' GROUP BY "itemId"),
eligible AS (
  SELECT m."userId" FROM memberships m JOIN users u ON u.id = m."userId"
  WHERE m."projectId" = $1 AND NOT m.paused AND u.active AND u.role = 'LABELER'
    AND (cardinality(m."allowedKinds") = 0 OR 'RANK' = ANY(m."allowedKinds"))
    AND NOT EXISTS (SELECT 1 FROM project_pool_settings pool_ps WHERE pool_ps."projectId" = $1 AND NOT ${meetsRequirementSql('pool_ps', 'm."userId"')})),
done AS (
  SELECT a."itemId", count(*)::int AS n FROM assignments a
  WHERE a."projectId" = $1 AND a.kind = 'RANK' AND a.status IN ('SUBMITTED', 'SKIPPED') AND a."userId" IN (SELECT "userId" FROM eligible)
  GROUP BY a."itemId"),
eligible_count AS (SELECT count(*)::int AS n FROM eligible),
per_item AS (
  SELECT coalesce(s.n, 0) AS submitted, p.overlap, sl.taken AS "rankSlotsTaken",
         greatest(p.overlap - coalesce(s.n, 0), 0) AS remaining,
         CASE WHEN ${hasItemRequirementSql('i')}
              THEN (SELECT count(*)::int FROM eligible e WHERE ${meetsRequirementSql('i', 'e."userId"')}
                      AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = i.id AND a."userId" = e."userId" AND a.kind = 'RANK' AND a.status IN ('SUBMITTED', 'SKIPPED')))
              ELSE ec.n - coalesce(d.n, 0) END AS able
  FROM items i JOIN item_slots sl ON sl."itemId" = i.id JOIN projects p ON p.id = i."projectId" CROSS JOIN eligible_count ec
  LEFT JOIN submitted s ON s."itemId" = i.id LEFT JOIN done d ON d."itemId" = i.id
  WHERE i."projectId" = $1)
SELECT count(*)::int AS total,
       count(*) FILTER (WHERE submitted >= overlap)::int AS complete,
       count(*) FILTER (WHERE submitted < overlap AND ("rankSlotsTaken" > 0 OR submitted > 0))::int AS "inProgress",
       coalesce(sum(remaining), 0)::int AS needed,
       coalesce(sum(least(remaining, greatest(able, 0))), 0)::int AS givable,
       count(*) FILTER (WHERE greatest(able, 0) < remaining)::int AS starving
FROM per_item`;

/** Submitted assignments (every kind) per UTC day since $2 (a 'YYYY-MM-DD' day); $1 = project. */
export const LABELS_PER_DAY_FROM_SCRATCH_SQL = `
SELECT to_char("submittedAt", 'YYYY-MM-DD') AS day, count(*)::int AS labels FROM assignments
WHERE "projectId" = $1 AND status = 'SUBMITTED' AND "submittedAt" >= $2::timestamp
GROUP BY 1`;

/** Routed items with fewer qualified labelers left than open slots: id, remaining, qualified, every one (no limit); $1 = project. */
export const STARVING_ITEMS_FROM_SCRATCH_SQL = `
WITH candidates AS (
  SELECT i.id, p.overlap - sl.taken AS remaining,
         (SELECT count(*)::int FROM memberships m JOIN users u ON u.id = m."userId"
          WHERE m."projectId" = i."projectId" AND NOT m.paused AND u.active AND u.role = 'LABELER'
            AND (cardinality(m."allowedKinds") = 0 OR 'RANK' = ANY(m."allowedKinds"))
            AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = i.id AND a."userId" = m."userId" AND a.kind = 'RANK' AND a.status <> 'EXPIRED')
            AND ${routingSql({ item: 'i', user: 'm."userId"', project: 'i."projectId"' })}) AS qualified
  FROM items i JOIN item_slots sl ON sl."itemId" = i.id JOIN projects p ON p.id = i."projectId"
  LEFT JOIN project_pool_settings ps ON ps."projectId" = i."projectId"
  WHERE i."projectId" = $1 AND sl.taken < p.overlap
    AND (${hasItemRequirementSql('i')} OR ${hasItemRequirementSql('ps')}))
SELECT id AS "itemId", remaining, qualified FROM candidates WHERE qualified < remaining
ORDER BY qualified, remaining DESC, id`;

/** Each labeler's SKIPPED and SUBMITTED assignments (every kind), as the labelers table counted them on every view before; $1 = project. */
export const SKIPS_FROM_SCRATCH_SQL = `
SELECT "userId", count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped, count(*) FILTER (WHERE status = 'SUBMITTED')::int AS submitted
FROM assignments WHERE "projectId" = $1 AND status IN ('SKIPPED', 'SUBMITTED') GROUP BY "userId" ORDER BY "userId"`;
