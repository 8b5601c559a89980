import { sql } from 'kysely';
import type { ClientBase } from 'pg';
import { typed } from '@/lib/db';
import { findLabelerAttributes, groupAttributes } from '@/lib/pool/find-labeler-attributes';

/**
 * The opt-in group attributes of an export (issue 10): null unless the project enabled
 * `exportGroupAttributes`. Otherwise userId → { attribute: values } with only the values whose
 * group — not-excluded members with at least one judgment in the project — has at least
 * `minGroupSize` labelers, so no exported value singles out a small group. Read on the export's
 * own connection (its REPEATABLE READ snapshot). Rows carry them beside the labeler pseudonym.
 */
export async function loadExportGroupAttributes(
  client: ClientBase,
  projectId: string,
): Promise<Map<string, Record<string, string[]>> | null> {
  const db = typed(client);
  const settings = await db
    .selectFrom('project_pool_settings')
    .select('minGroupSize')
    .where('projectId', '=', projectId)
    .where('exportGroupAttributes', '=', true)
    .executeTakeFirst();
  if (!settings) return null;
  const { minGroupSize } = settings;
  const labelers = await db
    .selectFrom('memberships as m')
    .select('m.userId')
    .where('m.projectId', '=', projectId)
    .where('m.excluded', '=', false)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('judgments as j')
          .innerJoin('items as i', 'i.id', 'j.itemId')
          .select(sql.lit(1).as('one'))
          .whereRef('j.userId', '=', 'm.userId')
          .where('i.projectId', '=', projectId),
      ),
    )
    .execute();
  const counted = new Set(labelers.map((r) => r.userId));
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
