import type { ClientBase } from 'pg';
import { findLabelerAttributes, groupAttributes } from '@/lib/pool/find-labeler-attributes';

/**
 * The opt-in group attributes of an export (issue 10): null unless the project enabled
 * `exportGroupAttributes`. Otherwise userId → { attribute: values } with only the values whose
 * group — not-excluded members with at least one judgment in the project — has at least
 * `minGroupSize` labelers, so no exported value singles out a small group. Read on the export's
 * own connection (its REPEATABLE READ snapshot). Rows carry them beside the labeler pseudonym.
 */
export async function loadExportGroupAttributes(client: ClientBase, projectId: string): Promise<Map<string, Record<string, string[]>> | null> {
  const { rows } = await client.query<{ minGroupSize: number }>(`SELECT "minGroupSize" FROM project_pool_settings WHERE "projectId" = $1 AND "exportGroupAttributes"`, [projectId]);
  if (!rows[0]) return null;
  const { minGroupSize } = rows[0];
  const labelers = await client.query<{ userId: string }>(
    `SELECT m."userId" FROM memberships m WHERE m."projectId" = $1 AND NOT m.excluded
       AND EXISTS (SELECT 1 FROM judgments j JOIN items i ON i.id = j."itemId" WHERE j."userId" = m."userId" AND i."projectId" = $1)`,
    [projectId],
  );
  const counted = new Set(labelers.rows.map((r) => r.userId));
  const out = new Map<string, Record<string, string[]>>();
  for (const [attribute, values] of groupAttributes(await findLabelerAttributes({ projectId, client }))) {
    for (const [value, users] of values) {
      const members = [...users].filter((u) => counted.has(u));
      if (members.length < minGroupSize) continue;
      for (const u of members) {
        const attrs = out.get(u) ?? {};
        (attrs[attribute] ??= []).push(value);
        out.set(u, attrs);
      }
    }
  }
  for (const attrs of out.values()) for (const list of Object.values(attrs)) list.sort();
  return out;
}
