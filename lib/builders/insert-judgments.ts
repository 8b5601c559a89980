import { randomUUID } from 'node:crypto';
import { getPgPool } from '@/lib/db';
import type { Queryable } from './types';

export type JudgmentRow = {
  itemId: string;
  userId: string;
  /** Response ids in the order the labeler was shown them. */
  shownOrder: string[];
  /** Tie groups of response ids, best first. */
  ranking: string[][];
  /** The item's rank slot; numbered per item in the order given when unset. */
  slot?: number;
  durationMs?: number;
  createdAt?: Date;
};

/**
 * Many labeled judgments, each with its SUBMITTED assignment (so the shown order is kept), in one
 * statement from unnest'ed arrays: simulated labeling for the dashboards, the pool and the
 * alarms. No rating rows and no stats hook: tests of submitting go through the submit itself.
 */
export async function insertJudgments(options: { projectId: string; judgments: JudgmentRow[]; pool?: Queryable }): Promise<void> {
  const slots = new Map<string, number>();
  const rows = options.judgments.map((j) => {
    const slot = j.slot ?? slots.get(j.itemId) ?? 0;
    slots.set(j.itemId, slot + 1);
    return { ...j, slot, assignment: randomUUID() };
  });
  await (options.pool ?? getPgPool()).query(
    `WITH a AS (
       INSERT INTO assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "submittedAt")
       SELECT u.a, $1, u.item, u.usr, 'SUBMITTED', now(), ARRAY(SELECT jsonb_array_elements_text(u.shown)), u.slot, now()
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[]) AS u(a, item, usr, slot, shown) RETURNING id, "itemId", "userId")
     INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", "createdAt")
     SELECT a.id, a."itemId", a."userId", u.ranking, '{}', 1, u.ms, coalesce(u.created::timestamptz AT TIME ZONE 'UTC', now())
     FROM a JOIN unnest($2::uuid[], $7::jsonb[], $8::int[], $9::text[]) AS u(a, ranking, ms, created) ON u.a = a.id`,
    [
      options.projectId,
      rows.map((r) => r.assignment),
      rows.map((r) => r.itemId),
      rows.map((r) => r.userId),
      rows.map((r) => r.slot),
      rows.map((r) => JSON.stringify(r.shownOrder)),
      rows.map((r) => JSON.stringify(r.ranking)),
      rows.map((r) => r.durationMs ?? 20_000),
      rows.map((r) => r.createdAt?.toISOString() ?? null),
    ],
  );
}
