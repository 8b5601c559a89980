import { escapeLiteral, type PoolClient, type QueryResult } from 'pg';
import type { TaskKind } from '@/generated/prisma/enums';
import { withTransaction } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import type { AnyTaskKind, AssignmentRow, ClaimContext, ClaimedAssignment } from '@/lib/tasks/kind';

export type { ClaimedAssignment } from '@/lib/tasks/kind';

export type ClaimOptions = {
  projectId: string;
  userId: string;
  /** Injected by tests; a uniform [0, 1) draw otherwise. Used for the kind, then by the kind's claim (ranking's gold draw, detect's cell). */
  random?: () => number;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id written into SQL sent with the simple protocol (several statements, no parameters): checked, then quoted by pg. */
function lit(value: string): string {
  if (!UUID.test(value)) throw new Error(`not an id: ${value}`);
  return escapeLiteral(value);
}

type ClaimState = { overlap: number; settings: unknown; live: AssignmentRow | null; lapsedDraft: { id: string; itemId: string } | null };

/**
 * One round trip (simple protocol, two statements): the (project, labeler) claim lock, so parallel
 * claims of one person — of any kind — cannot make two assignments; then (a new statement, so a
 * new snapshot that sees whatever the lock holder committed) every expired lease of the project
 * goes back to the pool (SKIP LOCKED: claimers never wait for one another's clean-up), and the
 * project, the labeler's live assignment of ANY kind (at most one per project) and their most
 * recent lapsed assignment of `kind` holding a draft are read.
 */
async function beginClaim(client: PoolClient, kind: TaskKind, projectId: string, userId: string): Promise<ClaimState | null> {
  const p = lit(projectId);
  const u = lit(userId);
  const results = (await client.query(
    `SELECT pg_advisory_xact_lock(4, hashtext(${escapeLiteral(`${projectId}:${userId}`)}));
     WITH released AS (
       UPDATE assignments SET status = 'EXPIRED', slot = NULL
       WHERE id IN (SELECT id FROM assignments WHERE "projectId" = ${p} AND status = 'ACTIVE' AND "leaseExpiresAt" < now() FOR UPDATE SKIP LOCKED)
     )
     SELECT p.overlap, p.settings, l.id AS "liveId", l."itemId" AS "liveItemId", l.kind AS "liveKind", l."shownOrder" AS "liveShownOrder",
            l."leaseExpiresAt" AS "liveLeaseExpiresAt", d.id AS "draftId", d."itemId" AS "draftItemId"
     FROM projects p
     LEFT JOIN LATERAL (
       SELECT id, "itemId", kind, "shownOrder", "leaseExpiresAt" FROM assignments
       WHERE "projectId" = p.id AND "userId" = ${u} AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() ORDER BY "createdAt" LIMIT 1
     ) l ON true
     LEFT JOIN LATERAL (
       -- Lapsed: already EXPIRED, or ACTIVE with its lease run out (released by this very statement).
       SELECT id, "itemId" FROM assignments
       WHERE "projectId" = p.id AND "userId" = ${u} AND kind = '${kind}' AND draft IS NOT NULL
         AND (status = 'EXPIRED' OR (status = 'ACTIVE' AND "leaseExpiresAt" < now()))
       ORDER BY "draftSavedAt" DESC NULLS LAST LIMIT 1
     ) d ON true
     WHERE p.id = ${p}`,
  )) as unknown as QueryResult[];
  const row = results[1]?.rows[0] as
    | { overlap: number; settings: unknown; liveId: string | null; liveItemId: string; liveKind: TaskKind; liveShownOrder: string[]; liveLeaseExpiresAt: Date; draftId: string | null; draftItemId: string }
    | undefined;
  if (!row) return null;
  return {
    overlap: row.overlap,
    settings: row.settings,
    live: row.liveId ? { id: row.liveId, itemId: row.liveItemId, kind: row.liveKind, shownOrder: row.liveShownOrder, leaseExpiresAt: row.liveLeaseExpiresAt } : null,
    lapsedDraft: row.draftId ? { id: row.draftId, itemId: row.draftItemId } : null,
  };
}

export type ClaimedTask = ClaimedAssignment & { shownOrder: string[] };

function toClaimed(projectId: string, row: AssignmentRow, resumed: boolean): ClaimedTask {
  return { kind: row.kind, projectId, assignmentId: row.id, itemId: row.itemId, leaseExpiresAt: row.leaseExpiresAt, shownOrder: row.shownOrder, resumed };
}

/**
 * The one claim (PRODUCT §4), for any kind, in one transaction under the labeler's claim lock:
 * the labeler's live assignment of ANY kind first (returned as is, so the caller sees its kind);
 * then the kind's lapsed draft while it can still count (kind.claim.resume); then a new
 * assignment by the kind's rules (kind.claim.next: items in progress first, then priority and age,
 * per-kind overlap, routing by profile). The unique slot indexes and the slot triggers make
 * over-filling impossible whatever happens here. Null when the kind has nothing for the labeler.
 * Paused members are refused before this, in readClaimer.
 */
export async function claimTask(kind: AnyTaskKind, options: ClaimOptions): Promise<ClaimedTask | null> {
  const { projectId, userId } = options;
  return withTransaction(async (client) => {
    const state = await beginClaim(client, kind.kind, projectId, userId);
    if (!state) throw new Error(`No project ${projectId}`);
    if (state.live) return toClaimed(projectId, state.live, true);
    const ctx: ClaimContext = {
      client,
      projectId,
      userId,
      settings: readProjectSettings(state.settings),
      projectOverlap: state.overlap,
      random: options.random ?? Math.random,
      lapsedDraft: state.lapsedDraft,
    };
    const resumed = kind.claim.resume ? await kind.claim.resume(ctx) : null;
    if (resumed) return toClaimed(projectId, resumed, true);
    const row = await kind.claim.next(ctx);
    return row ? toClaimed(projectId, row, false) : null;
  });
}

