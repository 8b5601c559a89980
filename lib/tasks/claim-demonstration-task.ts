import { routingSql } from '@/lib/pool/routing-sql';
import { claimItemSlotTask, type ClaimedAssignment, type ItemSlotClaim } from '@/lib/tasks/claim-item-slot-task';

export type { ClaimedAssignment } from '@/lib/tasks/claim-item-slot-task';

// Open to this labeler: not demonstrated, skipped or held by them; no response of theirs on it;
// fewer held slots than the demonstration overlap (re-checked on the locked row's slots);
// their profile meets the routing requirements (lib/pool/routing-sql.ts).
// Items in progress first, then priority and age.
const PICK = `SELECT i.id FROM items i
  WHERE i."projectId" = $1
    AND (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'DEMONSTRATE' AND a.slot IS NOT NULL) < $2
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'DEMONSTRATE' AND mine.status <> 'EXPIRED')
    AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."authorId" = $3)
    AND i.id <> ALL($4::uuid[])
    AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'DEMONSTRATE' AND a.slot IS NOT NULL) DESC, i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

const DEMONSTRATE: ItemSlotClaim = {
  kind: 'DEMONSTRATE',
  overlap: (settings) => settings.demonstrate.overlap,
  async pick(client, { projectId, userId, overlap, skip }) {
    const { rows } = await client.query<{ id: string }>(PICK, [projectId, overlap, userId, skip]);
    return rows[0]?.id ?? null;
  },
  async insert(client, { projectId, userId, itemId, slot, settings }) {
    // An expired assignment of this labeler on the item (no draft) is renewed in place.
    const { rows } = await client.query<{ id: string; itemId: string; kind: 'DEMONSTRATE'; leaseExpiresAt: Date }>(
      `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
       VALUES ($1, $2, $3, 'DEMONSTRATE', 'ACTIVE', now() + make_interval(mins => $4),
               ARRAY(SELECT r.id::text FROM responses r WHERE r."itemId" = $2 ORDER BY random()), $5, $6)
       ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
       RETURNING id, "itemId", kind, "leaseExpiresAt"`,
      [projectId, itemId, userId, settings.leaseMinutes, settings.taxonomyVersion, slot],
    );
    return rows[0] ?? null;
  },
};

/**
 * The next demonstration for the labeler (PRODUCT §3.2, §4) through the shared item-slot claim
 * (lib/tasks/claim-item-slot-task.ts): their live assignment of ANY kind first, then a lapsed
 * demonstration draft, then an item with a free demonstration slot (demonstrate.overlap).
 */
export async function claimDemonstrationTask(options: { projectId: string; userId: string }): Promise<ClaimedAssignment | null> {
  return claimItemSlotTask(DEMONSTRATE, options);
}
