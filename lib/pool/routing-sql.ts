/**
 * The routing rule (issue 10) as SQL, for every claim function to apply the same way.
 *
 * A labeler may be handed an item when their profile meets the item's own requirement AND the
 * project's (project_pool_settings): the required language listed at the required proficiency or
 * better (WORKING when none is set; PostgreSQL compares enum values in their declared order
 * WORKING < FLUENT < NATIVE), and the required expertise among their tags. An item or project
 * without requirements is open to everyone, so for unrouted projects the fragment costs one
 * IS NULL test per candidate row plus one uncorrelated sub-select the planner runs once per query.
 */

/** SQL boolean: `user` (a SQL expression, e.g. `$3` or `m."userId"`) meets the requirement columns of the row aliased `req`. */
export function meetsRequirementSql(req: string, user: string): string {
  return `((${req}."requiredLanguage" IS NULL OR EXISTS (
      SELECT 1 FROM labeler_languages pool_ll WHERE pool_ll."userId" = ${user} AND pool_ll.language = ${req}."requiredLanguage"
        AND pool_ll.proficiency >= coalesce(${req}."requiredProficiency", 'WORKING'::"LanguageProficiency")))
    AND (${req}."requiredExpertise" IS NULL OR EXISTS (
      SELECT 1 FROM labeler_profiles pool_lp WHERE pool_lp."userId" = ${user} AND ${req}."requiredExpertise" = ANY(pool_lp.expertise))))`;
}

/**
 * SQL boolean for a WHERE clause: the labeler `user` may be routed the item aliased `item` of the
 * project `project` (SQL expressions, e.g. `i`, `$3`, `$1`).
 */
export function routingSql(options: { item: string; user: string; project: string }): string {
  const { item, user, project } = options;
  return `(${meetsRequirementSql(item, user)}
    AND NOT EXISTS (SELECT 1 FROM project_pool_settings pool_ps WHERE pool_ps."projectId" = ${project} AND NOT ${meetsRequirementSql('pool_ps', user)}))`;
}

/** SQL boolean: the item aliased `item` has a requirement of its own. */
export function hasItemRequirementSql(item: string): string {
  return `(${item}."requiredLanguage" IS NOT NULL OR ${item}."requiredExpertise" IS NOT NULL)`;
}
