import { escapeLiteral, type QueryResult } from 'pg';
import type { TaskKind } from '@/generated/prisma/enums';
import { executeSql, withTransaction, type Guard } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import { lit } from '@/lib/tasks/sql-literal';
import type { AnyTaskKind, AssignmentRow, ClaimContext, ClaimedAssignment, ClaimFinish } from '@/lib/tasks/kind';

export type { ClaimedAssignment } from '@/lib/tasks/kind';

export type ClaimOptions = {
  projectId: string;
  userId: string;
  /** Injected by tests; a uniform [0, 1) draw otherwise. Used for the kind, then by the kind's claim (ranking's gold draw, detect's cell). */
  random?: () => number;
};

/**
 * The one refusal of a paused member (PRODUCT §5), thrown by every claim before it hands out
 * anything (pausing also released their live task). A 403 in the labeler API; the task page
 * shows it as "Labeling is paused". Past submissions are unaffected.
 */
export class MemberPausedError extends AppError {
  constructor() {
    super('FORBIDDEN', 'Your lead has paused your work in this project. Tasks you already submitted still count.');
  }
}

type ClaimState = {
  paused: boolean;
  overlap: number;
  settings: unknown;
  live: AssignmentRow | null;
  lapsedDraft: { id: string; itemId: string } | null;
};

// The claim's state read ($1 project, $2 labeler, $3 kind): every expired lease of the project goes
// back to the pool (SKIP LOCKED: claimers never wait for one another's clean-up), then the project,
// whether the member is paused, the labeler's live assignment of ANY kind (at most one per project)
// and their most recent lapsed assignment of the kind holding a draft.
const CLAIM_STATE = `WITH released AS (
       UPDATE assignments SET status = 'EXPIRED', slot = NULL
       WHERE id IN (SELECT id FROM assignments WHERE "projectId" = $1::uuid AND status = 'ACTIVE' AND "leaseExpiresAt" < now() FOR UPDATE SKIP LOCKED)
     )
     SELECT p.overlap, p.settings, coalesce(m.paused, false) AS paused, l.id AS "liveId", l."itemId" AS "liveItemId", l.kind AS "liveKind",
            l."shownOrder" AS "liveShownOrder", l."leaseExpiresAt" AS "liveLeaseExpiresAt", d.id AS "draftId", d."itemId" AS "draftItemId"
     FROM projects p
     LEFT JOIN memberships m ON m."projectId" = p.id AND m."userId" = $2::uuid
     LEFT JOIN LATERAL (
       SELECT id, "itemId", kind, "shownOrder", "leaseExpiresAt" FROM assignments
       WHERE "projectId" = p.id AND "userId" = $2::uuid AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() ORDER BY "createdAt" LIMIT 1
     ) l ON true
     LEFT JOIN LATERAL (
       -- Lapsed: already EXPIRED, or ACTIVE with its lease run out (released by this very statement).
       SELECT id, "itemId" FROM assignments
       WHERE "projectId" = p.id AND "userId" = $2::uuid AND kind = $3::"TaskKind" AND draft IS NOT NULL
         AND (status = 'EXPIRED' OR (status = 'ACTIVE' AND "leaseExpiresAt" < now()))
       ORDER BY "draftSavedAt" DESC NULLS LAST LIMIT 1
     ) d ON true
     WHERE p.id = $1::uuid`;

/**
 * Why the state read is planned again at this process's 16th, 64th, 256th, ... claim (a new
 * statement name each time, so every connection PREPAREs it anew), and why its generic plan went
 * bad before: the planner sizes a table by its length on disk when it plans. A generic plan built
 * while the assignments table was empty or small (a new database; statistics of an empty table,
 * such as the benchmark's ANALYZE before any claim leaves) scans it whole or through any index at
 * all (on an empty table every path costs the same), and a connection kept that plan until
 * something invalidated it — an autovacuum ANALYZE of the table, which a database younger than
 * autovacuum's one-minute nap has not had. EXPLAIN EXECUTE of it PREPAREd on the empty table:
 * sequential scans of assignments for the sweep and both lateral reads; with sequential scans
 * disabled, a full scan of the primary key for the sweep and the (itemId, kind, slot) key for the
 * lapsed-draft read; 112 buffers and 1.26 ms a call once a few hundred claims were in, against 14
 * and 0.07 ms for the plan made on the grown table. So the plan is remade as the claims grow by a
 * factor of four (once the table has more than a few pages, the plan no longer changes with its
 * size), and later by ANALYZE's invalidation; a process that starts on a large table replans a
 * handful of times in its life (each a planning of ~0.3 ms per connection).
 */
const REPLAN_AT = [16, 64, 256, 1024, 4096, 16384, 65536];
const claimsOfProcess = globalThis as unknown as { preflabClaims?: number };

/** The state read under this process's current plan generation (name → statement, for withTransaction's `prepared`). */
function claimState(): { name: string; prepared: Record<string, string> } {
  const claims = (claimsOfProcess.preflabClaims = (claimsOfProcess.preflabClaims ?? 0) + 1);
  const generation = REPLAN_AT.filter((n) => claims >= n).length;
  const name = `tx_claim_state_${generation}`;
  return { name, prepared: { [name]: CLAIM_STATE } };
}

/**
 * The claim's opening, sent with BEGIN in one round trip (withTransaction's `opening`; simple
 * protocol, ids checked as UUIDs and quoted): the (project, labeler) claim lock, so parallel
 * claims of one person — of any kind — cannot make two assignments; generic plans for the
 * transaction's prepared statements (the state read, the kind's pick and insert, the payload:
 * planned once per connection instead of on every claim); then (a new statement, so a new
 * snapshot that sees whatever the lock holder committed) the state read (CLAIM_STATE).
 */
function claimOpening(
  state: { name: string; prepared: Record<string, string> },
  kind: TaskKind,
  projectId: string,
  userId: string,
): string {
  return `SELECT pg_advisory_xact_lock(4, hashtext(${escapeLiteral(`${projectId}:${userId}`)}));
     SET LOCAL plan_cache_mode = force_generic_plan;
     ${executeSql(state.prepared, state.name, [lit(projectId), lit(userId), `'${kind}'`])}`;
}

/** The opening's answer (its last statement's row), or null when there is no such project. */
function readClaimState(opened: QueryResult[]): ClaimState | null {
  const row = opened[opened.length - 1]?.rows[0] as
    | {
        overlap: number;
        settings: unknown;
        paused: boolean;
        liveId: string | null;
        liveItemId: string;
        liveKind: TaskKind;
        liveShownOrder: string[];
        liveLeaseExpiresAt: Date;
        draftId: string | null;
        draftItemId: string;
      }
    | undefined;
  if (!row) return null;
  return {
    paused: row.paused,
    overlap: row.overlap,
    settings: row.settings,
    live: row.liveId
      ? {
          id: row.liveId,
          itemId: row.liveItemId,
          kind: row.liveKind,
          shownOrder: row.liveShownOrder,
          leaseExpiresAt: row.liveLeaseExpiresAt,
        }
      : null,
    lapsedDraft: row.draftId ? { id: row.draftId, itemId: row.draftItemId } : null,
  };
}

export type ClaimedTask = ClaimedAssignment & { shownOrder: string[] };

/**
 * A read of the claimed task sent in the COMMIT's round trip (the labeler API's payload): the
 * statements it EXECUTEs (PREPAREd with the claim's own), its SQL for the claimed task (simple
 * protocol, literals made safe; null: nothing to read) and the parse of its result. `sqlNew`, when
 * given: the same read of a new assignment of the claimed kind named by a SQL expression
 * (CLAIMED_ASSIGNMENT), which a kind may send with its pick and insert, and COMMIT (ClaimFinish).
 */
export type ClaimRead<R> = {
  prepared: Record<string, string>;
  sql: (claimed: ClaimedTask) => string | null;
  sqlNew?: (assignment: string) => string;
  parse: (result: QueryResult) => R;
};

/** The assignment a kind's insert just made in this transaction (its id in a setting local to the transaction; null: none), as SQL. */
export const CLAIMED_ASSIGNMENT = `nullif(current_setting('preflab.claim_assignment', true), '')::uuid`;

/** One claim transaction's outcome: the task (null: none), whether the kind's last round trip committed, and the items to leave out when it must run again. */
type Outcome<R> = { claimed: (ClaimedTask & { read?: R }) | null; committed: boolean; retry?: string[] };

/** How many claim transactions one claim may take when the items it picked were full (each leaves its item out of the next). */
const CLAIM_ATTEMPTS = 8;

function toClaimed(projectId: string, row: AssignmentRow, resumed: boolean): ClaimedTask {
  return {
    kind: row.kind,
    projectId,
    assignmentId: row.id,
    itemId: row.itemId,
    leaseExpiresAt: row.leaseExpiresAt,
    shownOrder: row.shownOrder,
    resumed,
  };
}

/**
 * The one claim (PRODUCT §4), for any kind, in one transaction under the labeler's claim lock:
 * the labeler's live assignment of ANY kind first (returned as is, so the caller sees its kind);
 * then the kind's lapsed draft while it can still count (kind.claim.resume); then a new
 * assignment by the kind's rules (kind.claim.next: items in progress first, then priority and age,
 * per-kind overlap, routing by profile). The unique slot indexes and the slot triggers make
 * over-filling impossible whatever happens here. Null when the kind has nothing for the labeler.
 * A paused member gets MemberPausedError (read under the claim lock, before anything is handed out).
 * `read` reads the claimed task in the COMMIT's round trip (its result is `read` on the answer); a
 * new assignment's read (read.sqlNew) goes, with COMMIT, in the kind's pick-and-insert round trip
 * when the kind takes it (ClaimFinish: ranking), so such a claim is two round trips. An item that
 * pick found full then ends that transaction, and the claim runs again without it (a new
 * transaction, under the claim lock again; at most CLAIM_ATTEMPTS, the last one without the finish).
 * `options.guard` (an access check) runs first in the opening's round trip (of each transaction).
 */
export async function claimTask<R = never>(
  kind: AnyTaskKind,
  options: ClaimOptions & { guard?: Guard },
  read?: ClaimRead<R>,
): Promise<(ClaimedTask & { read?: R }) | null> {
  // The kind's pick, insert, the read and COMMIT go in one round trip when the kind takes the finish;
  // an item it found full ends that transaction, and the claim runs again without it (rare).
  let skip: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const outcome = await claimOnce(kind, options, read, skip, attempt < CLAIM_ATTEMPTS);
    if (!outcome.retry) return outcome.claimed;
    skip = outcome.retry;
  }
}

/** One claim transaction (claimTask); `finish`: offer the kind the read and COMMIT with its insert. */
async function claimOnce<R>(
  kind: AnyTaskKind,
  options: ClaimOptions & { guard?: Guard },
  read: ClaimRead<R> | undefined,
  skip: string[],
  finish: boolean,
): Promise<Outcome<R>> {
  const { projectId, userId } = options;
  const stateRead = claimState();
  const closing = (outcome: Outcome<R>) => {
    const claimed = outcome.claimed;
    if (!claimed || !read) return null;
    const sql = read.sql(claimed);
    return sql
      ? {
          sql,
          read: (results: QueryResult[]) => ({ claimed: { ...claimed, read: read.parse(results[0] as QueryResult) }, committed: true }),
        }
      : null;
  };
  return withTransaction<Outcome<R>>(
    async (client, opened) => {
      const state = readClaimState(opened);
      if (!state) throw new Error(`No project ${projectId}`);
      if (state.paused) throw new MemberPausedError();
      if (state.live) return { claimed: toClaimed(projectId, state.live, true), committed: false };
      const last: ClaimFinish | undefined = finish && read?.sqlNew ? { sql: read.sqlNew(CLAIMED_ASSIGNMENT) } : undefined;
      const ctx: ClaimContext = {
        client,
        projectId,
        userId,
        settings: readProjectSettings(state.settings),
        projectOverlap: state.overlap,
        random: options.random ?? Math.random,
        lapsedDraft: state.lapsedDraft,
        skip,
      };
      const resumed = kind.claim.resume ? await kind.claim.resume(ctx) : null;
      if (resumed) return { claimed: toClaimed(projectId, resumed, true), committed: false };
      const row = await kind.claim.next({ ...ctx, finish: last });
      if (last?.results) {
        // Committed with the insert: the read's results came with it.
        if (!row) return { claimed: null, committed: true, retry: last.skip };
        return { claimed: { ...toClaimed(projectId, row, false), read: read?.parse(last.results[0] as QueryResult) }, committed: true };
      }
      return { claimed: row ? toClaimed(projectId, row, false) : null, committed: false };
    },
    {
      opening: claimOpening(stateRead, kind.kind, projectId, userId),
      prepared: { ...stateRead.prepared, ...kind.claim.prepared, ...read?.prepared },
      closing,
      committed: (outcome) => outcome.committed,
      guard: options.guard,
    },
  );
}
