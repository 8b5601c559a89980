/**
 * Items whose numbers may be out of date ($1 the project, $2 a limit per part): flagged by a trigger
 * (import, gold edit, plain SQL), or computed while a labeler on them had another exclusion state
 * than now (an exclusion not yet applied, or a recompute cut short). Both parts read an index:
 * item_stats (projectId, stale) and judgment_stats (projectId, userId, userExcluded) per member.
 */
export const OUT_OF_DATE_ITEMS_SQL = `
(SELECT "itemId" FROM item_stats WHERE "projectId" = $1 AND stale LIMIT $2)
UNION
(SELECT js."itemId" FROM memberships m
 CROSS JOIN LATERAL (
   SELECT "itemId" FROM judgment_stats js
   WHERE js."projectId" = m."projectId" AND js."userId" = m."userId" AND js."userExcluded" = NOT m.excluded LIMIT $2) js
 WHERE m."projectId" = $1 LIMIT $2)`;

/** Timestamps are stored as UTC wall-clock time (as Prisma writes them), whatever the session time zone. */
export const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;
