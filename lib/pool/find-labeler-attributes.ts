import type { ClientBase } from 'pg';
import { getPgPool } from '@/lib/db';

/** One attribute value a labeler described: attribute is language | region | expertise | field:<key>. */
export type AttributeRow = { userId: string; attribute: string; value: string };

/**
 * Every profile attribute value of the project's members: languages (any proficiency), region,
 * expertise tags and this project's fields. A labeler with two languages is in two language groups.
 * `client`: read on that connection (an export's snapshot transaction).
 */
export async function findLabelerAttributes(options: { projectId: string; client?: ClientBase }): Promise<AttributeRow[]> {
  const { rows } = await (options.client ?? getPgPool()).query<AttributeRow>(
    `SELECT m."userId", 'language' AS attribute, ll.language AS value FROM memberships m JOIN labeler_languages ll ON ll."userId" = m."userId" WHERE m."projectId" = $1
     UNION ALL
     SELECT m."userId", 'region', lp.region FROM memberships m JOIN labeler_profiles lp ON lp."userId" = m."userId" WHERE m."projectId" = $1 AND lp.region IS NOT NULL
     UNION ALL
     SELECT m."userId", 'expertise', t FROM memberships m JOIN labeler_profiles lp ON lp."userId" = m."userId" CROSS JOIN unnest(lp.expertise) t WHERE m."projectId" = $1
     UNION ALL
     SELECT v."userId", 'field:' || f.key, v.value FROM project_profile_fields f JOIN project_profile_values v ON v."fieldId" = f.id
       JOIN memberships m ON m."projectId" = f."projectId" AND m."userId" = v."userId" WHERE f."projectId" = $1`,
    [options.projectId],
  );
  return rows;
}

/** attribute → value → labelers. */
export function groupAttributes(rows: AttributeRow[]): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const r of rows) {
    let values = out.get(r.attribute);
    if (!values) out.set(r.attribute, (values = new Map()));
    let users = values.get(r.value);
    if (!users) values.set(r.value, (users = new Set()));
    users.add(r.userId);
  }
  return out;
}
