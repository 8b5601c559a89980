import { createHash } from 'node:crypto';
import type { NotNull } from 'kysely';
import type pg from 'pg';
import { typed } from '@/lib/db';
import { deriveId } from '@/lib/import/derive-id';
import type { ImportItem } from '@/lib/import/types';
import { importedLabeler } from '@/lib/import/write-labels';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Writes the step labels of a batch of items (new or already stored) as IMPORTED step judgments
 * of the item's (one) response, by pseudonymous imported labelers (one per source worker, else
 * one per file, as insertLabels makes them). Each has a stable importRef, so importing the same
 * file again adds nothing. Returns [created, skipped].
 */
export async function insertStepLabels(
  client: pg.PoolClient,
  options: { projectId: string; format: string; fileKey: string; items: ImportItem[]; labelers: Map<string, string> },
): Promise<[number, number]> {
  const withLabels = options.items.filter((i) => (i.stepLabels?.length ?? 0) > 0);
  if (withLabels.length === 0) return [0, 0];
  const rows = await typed(client)
    .selectFrom('items as i')
    .innerJoin('responses as r', 'r.itemId', 'i.id')
    .select(['i.externalId as itemExt', 'i.id as itemId', 'r.externalId as respExt', 'r.id as respId'])
    .where('i.projectId', '=', options.projectId)
    .where((eb) => eb('i.externalId', '=', eb.fn.any(eb.val(withLabels.map((i) => i.externalId)))))
    .$narrowType<{ itemExt: NotNull }>()
    .execute();
  const ids = new Map(rows.map((r) => [`${r.itemExt}\u0000${r.respExt}`, { itemId: r.itemId, responseId: r.respId }]));
  const col = { itemId: [] as string[], responseId: [] as string[], userId: [] as string[], steps: [] as string[], labels: [] as string[] };
  const more = { ref: [] as string[], finish: [] as (string | null)[], duration: [] as number[] };
  for (const item of withLabels) {
    const response = item.responses[0];
    const stored = response ? ids.get(`${item.externalId}\u0000${response.externalId}`) : undefined;
    if (!response || !stored) throw new Error(`item ${item.externalId} missing while writing its step labels`);
    const steps = (response.metadata.steps as string[] | undefined) ?? [response.text];
    const seen = new Map<string, number>();
    for (const label of item.stepLabels ?? []) {
      const key = label.worker === null ? `file:${options.fileKey}` : `worker:${sha(`${options.format}:${label.worker}`)}`;
      const userId = await importedLabeler(client, options.projectId, key, options.labelers);
      const base = deriveId('steps', item.externalId, key, label.labels, label.finishReason);
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      col.itemId.push(stored.itemId);
      col.responseId.push(stored.responseId);
      col.userId.push(userId);
      col.steps.push(JSON.stringify(steps));
      col.labels.push(JSON.stringify(label.labels));
      more.ref.push(`${base}-${n}`);
      more.finish.push(label.finishReason);
      more.duration.push(label.durationMs);
    }
  }
  const result = await client.query(
    `INSERT INTO step_judgments (source, "importRef", "projectId", "itemId", "responseId", "userId", steps, labels, "finishReason", "durationMs")
     SELECT 'IMPORTED', u.ref, $1::uuid, u.item, u.resp, u.usr, ARRAY(SELECT jsonb_array_elements_text(u.steps)), u.labels, u.finish, u.duration
     FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::jsonb[], $7::text[], $8::text[], $9::int[]) AS u(item, resp, usr, steps, labels, ref, finish, duration)
     ON CONFLICT ("itemId", "importRef") DO NOTHING`,
    [options.projectId, col.itemId, col.responseId, col.userId, col.steps, col.labels, more.ref, more.finish, more.duration],
  );
  const created = result.rowCount ?? 0;
  return [created, col.itemId.length - created];
}
