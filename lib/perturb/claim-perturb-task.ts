import { meanLikertSql } from '@/lib/judgments/counted-labels';
import { routingSql } from '@/lib/pool/routing-sql';
import { claimItemSlotTask, type ClaimedAssignment, type ItemSlotClaim } from '@/lib/tasks/claim-item-slot-task';

/**
 * The item's responses a labeler ($2) may plant a flaw in, in a fixed order: those a lead marked
 * as sources; when none is marked and $3 is not null, those whose mean Likert over counted labels
 * (lib/judgments/counted-labels.ts: excluded labelers' scores never count) is at least $3. Never a
 * response the labeler wrote. $1 is the item.
 */
const SOURCES = `SELECT r.id FROM responses r
  WHERE r."itemId" = $1 AND r."authorId" IS DISTINCT FROM $2
    AND (r."perturbSource"
         OR ($3::float8 IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM responses m WHERE m."itemId" = r."itemId" AND m."perturbSource")
             AND ${meanLikertSql({ response: 'r.id', project: '(SELECT si."projectId" FROM items si WHERE si.id = $1)' })} >= $3::float8))
  ORDER BY r."createdAt", r.id`;

// Open to this labeler: not perturbed, skipped or held by them; fewer held PERTURB slots than the
// overlap (re-checked on the locked row); at least one source for them; their profile meets the
// routing requirements (lib/pool/routing-sql.ts). In progress first, then priority and age.
const PICK = `SELECT i.id FROM items i
  WHERE i."projectId" = $1
    AND (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'PERTURB' AND a.slot IS NOT NULL) < $2
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'PERTURB' AND mine.status <> 'EXPIRED')
    AND i.id <> ALL($4::uuid[])
    AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
    AND EXISTS (SELECT 1 FROM responses r
                WHERE r."itemId" = i.id AND r."authorId" IS DISTINCT FROM $3
                  AND (r."perturbSource"
                       OR ($5::float8 IS NOT NULL
                           AND NOT EXISTS (SELECT 1 FROM responses m WHERE m."itemId" = i.id AND m."perturbSource")
                           AND ${meanLikertSql({ response: 'r.id', project: '$1' })} >= $5::float8)))
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'PERTURB' AND a.slot IS NOT NULL) DESC, i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

const PERTURB: ItemSlotClaim = {
  kind: 'PERTURB',
  overlap: (settings) => settings.perturb.overlap,
  async pick(client, { projectId, userId, overlap, skip, settings }) {
    const { rows } = await client.query<{ id: string }>(PICK, [projectId, overlap, userId, skip, settings.perturb.sourceMinLikert]);
    return rows[0]?.id ?? null;
  },
  async insert(client, { projectId, userId, itemId, slot, settings }) {
    const sources = (await client.query<{ id: string }>(SOURCES, [itemId, userId, settings.perturb.sourceMinLikert])).rows;
    if (sources.length === 0) return null;
    // Rotating by slot spreads an item's perturbations over its sources.
    const sourceId = sources[slot % sources.length]?.id;
    // An expired assignment of this labeler on the item (no draft) is renewed in place, with the new source.
    const { rows } = await client.query<{ id: string; itemId: string; kind: 'PERTURB'; leaseExpiresAt: Date }>(
      `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot, "sourceResponseId")
       VALUES ($1, $2, $3, 'PERTURB', 'ACTIVE', now() + make_interval(mins => $4), ARRAY[$7::text], $5, $6, $7::uuid)
       ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot,
         "sourceResponseId" = EXCLUDED."sourceResponseId", "shownOrder" = EXCLUDED."shownOrder"
       RETURNING id, "itemId", kind, "leaseExpiresAt"`,
      [projectId, itemId, userId, settings.leaseMinutes, settings.taxonomyVersion, slot, sourceId],
    );
    return rows[0] ?? null;
  },
};

/**
 * The next perturb task for the labeler (PRODUCT §3.3, §4) through the shared item-slot claim
 * (lib/tasks/claim-item-slot-task.ts): their live assignment of ANY kind first (returned as is);
 * then a lapsed perturbation draft; then an item with a free PERTURB slot and a source response
 * for them, locked SKIP LOCKED. The source
 * is chosen now (rotating by slot) and kept in assignments.sourceResponseId. The unique (item,
 * kind, slot) index and the slot trigger (perturb.overlap) make over-filling impossible.
 */
export async function claimPerturbTask(options: { projectId: string; userId: string }): Promise<ClaimedAssignment | null> {
  return claimItemSlotTask(PERTURB, options);
}
