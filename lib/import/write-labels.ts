import { createHash } from 'node:crypto';
import type { NotNull } from 'kysely';
import type pg from 'pg';
import { typed } from '@/lib/db';
import { deriveId } from '@/lib/import/derive-id';
import type { ImportItem } from '@/lib/import/types';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The pseudonymous labeler an imported preference belongs to: one per source worker (by a hash
 * of its id, never the id itself) or, for rows without a worker, one per file. Created once,
 * inactive and without a password, and made a member of the project.
 */
export async function importedLabeler(client: pg.PoolClient, projectId: string, key: string, cache: Map<string, string>): Promise<string> {
  const cached = cache.get(key);
  if (cached) return cached;
  const short = sha(key).slice(0, 12);
  await client.query(
    `INSERT INTO users (email, name, role, active, "importKey", "updatedAt")
     VALUES ($1, $2, 'LABELER', false, $3, now()) ON CONFLICT ("importKey") DO NOTHING`,
    [`imported-${short}@import.invalid`, `Imported labeler ${short.slice(0, 6)}`, key],
  );
  const id = (await typed(client).selectFrom('users').select('id').where('importKey', '=', key).executeTakeFirst())?.id;
  if (!id) throw new Error(`imported labeler ${key} was not created`);
  await client.query(`INSERT INTO memberships ("projectId", "userId") VALUES ($1, $2) ON CONFLICT DO NOTHING`, [projectId, id]);
  cache.set(key, id);
  return id;
}

/**
 * Writes the labels of a batch of items (new or already stored) as IMPORTED judgments whose
 * ranking holds internal response ids. Each label has a stable importRef, so importing the
 * same file again adds nothing. Returns [created, skipped].
 */
export async function insertLabels(
  client: pg.PoolClient,
  options: { projectId: string; format: string; fileKey: string; items: ImportItem[]; labelers: Map<string, string> },
): Promise<[number, number]> {
  const withLabels = options.items.filter((i) => i.labels.length > 0);
  if (withLabels.length === 0) return [0, 0];
  const rows = await typed(client)
    .selectFrom('items as i')
    .innerJoin('responses as r', 'r.itemId', 'i.id')
    .select(['i.externalId as itemExt', 'i.id as itemId', 'r.externalId as respExt', 'r.id as respId'])
    .where('i.projectId', '=', options.projectId)
    .where((eb) => eb('i.externalId', '=', eb.fn.any(eb.val(withLabels.map((i) => i.externalId)))))
    .$narrowType<{ itemExt: NotNull }>()
    .execute();
  const ids = new Map<string, { itemId: string; responses: Map<string, string> }>();
  for (const r of rows) {
    const entry = ids.get(r.itemExt) ?? { itemId: r.itemId, responses: new Map() };
    // A response without an external id cannot be named by a label.
    if (r.respExt !== null) entry.responses.set(r.respExt, r.respId);
    ids.set(r.itemExt, entry);
  }
  const col = {
    itemId: [] as string[],
    userId: [] as string[],
    ranking: [] as string[],
    importRef: [] as string[],
    allUnacceptable: [] as boolean[],
  };
  for (const item of withLabels) {
    const stored = ids.get(item.externalId);
    if (!stored) throw new Error(`item ${item.externalId} missing while writing its labels`);
    const seen = new Map<string, number>();
    for (const label of item.labels) {
      const key = label.worker === null ? `file:${options.fileKey}` : `worker:${sha(`${options.format}:${label.worker}`)}`;
      const userId = await importedLabeler(client, options.projectId, key, options.labelers);
      const ranking = label.ranking.map((group) => group.map((ext) => stored.responses.get(ext) ?? ext));
      // An "all unacceptable" label (Arena's both-bad, a rankings row's all_unacceptable) has its own ref; plain labels keep theirs.
      const base = label.allUnacceptable
        ? deriveId('label', item.externalId, key, label.ranking, 'all-unacceptable')
        : deriveId('label', item.externalId, key, label.ranking);
      const n = (seen.get(base) ?? 0) + 1; // the same preference given twice stays two judgments
      seen.set(base, n);
      col.itemId.push(stored.itemId);
      col.userId.push(userId);
      col.ranking.push(JSON.stringify(ranking));
      col.importRef.push(`${base}-${n}`);
      col.allUnacceptable.push(label.allUnacceptable === true);
    }
  }
  const result = await client.query(
    `INSERT INTO judgments ("itemId", "userId", ranking, "allUnacceptable", "promptFlags", "taxonomyVersion", "durationMs", source, "importRef")
     SELECT u.item, u.usr, u.ranking, u.bad, '{}', 0, 0, 'IMPORTED', u.ref
     FROM unnest($1::uuid[], $2::uuid[], $3::jsonb[], $4::text[], $5::boolean[]) AS u(item, usr, ranking, ref, bad)
     ON CONFLICT ("itemId", "importRef") DO NOTHING`,
    [col.itemId, col.userId, col.ranking, col.importRef, col.allUnacceptable],
  );
  const created = result.rowCount ?? 0;
  return [created, col.itemId.length - created];
}
