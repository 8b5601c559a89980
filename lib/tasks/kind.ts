import type { PoolClient, QueryResult } from 'pg';
import type { TaskKind } from '@/generated/prisma/enums';
import type { TProjectSettings } from '@/lib/projects/settings';

/** An assignment handed out by a claim; `kind` says which screen does it. */
export type ClaimedAssignment = {
  kind: TaskKind;
  projectId: string;
  assignmentId: string;
  itemId: string;
  leaseExpiresAt: Date;
  resumed: boolean;
};

/** What every claim statement returns about the assignment it handed out (or renewed). */
export type AssignmentRow = { id: string; itemId: string; kind: TaskKind; leaseExpiresAt: Date; shownOrder: string[] };

/** What a kind's claim hooks get: the claim's transaction (under the labeler's claim lock, leases swept) and the project. */
export type ClaimContext = {
  client: PoolClient;
  projectId: string;
  userId: string;
  settings: TProjectSettings;
  /** projects.overlap: the ranking overlap (the other kinds keep theirs in settings). */
  projectOverlap: number;
  /** A uniform [0, 1) draw (injected by tests). */
  random: () => number;
  /** The labeler's most recent lapsed assignment of this kind that holds a draft, if any. */
  lapsedDraft: { id: string; itemId: string } | null;
  /** Items a claim before this one (in an earlier transaction) picked and found full: not to pick again. */
  skip?: string[];
  /** Optional, for a hot path (claim.ts ClaimFinish): statements `next` may send, then COMMIT, in its insert's round trip. */
  finish?: ClaimFinish;
};

/**
 * The claim's last statements (the claimed task's read: `sql`, naming the new assignment by the SQL
 * expression CLAIMED_ASSIGNMENT of lib/tasks/claim.ts) sent, with COMMIT, in the same round trip as
 * the kind's pick and insert. A kind that sent them sets `results` (theirs, COMMIT's left out): the
 * claim then ended there. When the item it picked turned out full (no row), it sets `skip` (the
 * items to leave out) and the claim runs again in a new transaction.
 */
export type ClaimFinish = { sql: string; results?: QueryResult[]; skip?: string[] };

/** The assignment as a submit found it, locked FOR UPDATE; a kind's lock query adds what it needs. */
export type LockedAssignment = { id: string; itemId: string; status: string; slot: number | null; leaseExpiresAt: Date; settings: unknown };

/** What a kind's submit hooks get: the submit's transaction and the project's settings. */
export type SubmitContext = { client: PoolClient; projectId: string; userId: string; settings: TProjectSettings };

/**
 * One task kind: only what differs between kinds. The engine (lib/tasks) owns the lifecycle —
 * claim (claim.ts), draft (draft.ts), skip (skip.ts), submit (submit.ts), release (release.ts) —
 * and calls these hooks inside its transactions. Registered in lib/tasks/kinds/index.ts.
 */
export type TaskKindModule<Input extends { assignmentId: string }, Locked extends LockedAssignment, Checked, Result, View> = {
  kind: TaskKind;
  /** Its weight in the project's task mix (settings.taskMix; 0 = off). */
  weight: (settings: TProjectSettings) => number;
  claim: {
    /**
     * Work the labeler started and let lapse, renewed (lease and slot) while it can still count;
     * null otherwise. Default (slot kinds): ctx.lapsedDraft on a free slot of its item (resumeLapsedDraft).
     */
    resume?: (ctx: ClaimContext) => Promise<AssignmentRow | null>;
    /** A new assignment for the labeler (the kind's picking rules and insert), or null when it has none. */
    next: (ctx: ClaimContext) => Promise<AssignmentRow | null>;
    /** Statements `next` EXECUTEs (name → statement, `tx_` names), PREPAREd with the claim's opening once per connection. */
    prepared?: Record<string, string>;
  };
  submit: {
    /** Takes the labeler's claim lock first (a kind whose submit re-balances what claims hand out). */
    claimLock?: boolean;
    /** The labeler's assignment of this kind, locked FOR UPDATE, with what the other hooks read; null when not theirs. */
    lock: (client: PoolClient, key: { assignmentId: string; userId: string; projectId: string }) => Promise<Locked | null>;
    /** The result of an earlier submit of this assignment (a repeat returns it and writes nothing), or null. */
    stored: (client: PoolClient, row: Locked) => Promise<Result | null>;
    /**
     * Optional, for a hot path: lock and stored as SQL text (simple protocol; ids only through
     * lib/tasks/sql-literal's lit), sent with BEGIN in one round trip instead of three. `sql` is the
     * lock statement then the stored statement (a new statement, so it sees what a twin submit that
     * held the lock committed), then any statements of the kind's own (e.g. reads for `write`); `read`
     * takes their results, in that order (the kind's own in `more`).
     */
    opening?: (key: { assignmentId: string; userId: string; projectId: string }) => {
      sql: string;
      /** Statements `sql` EXECUTEs, PREPAREd once per connection (withTransaction's `prepared`). */
      prepared?: Record<string, string>;
      read: (lock: QueryResult, stored: QueryResult, more: QueryResult[]) => { row: Locked | null; stored: Result | null };
    };
    /** The refusal for an assignment that is neither ACTIVE nor EXPIRED; default "This task is no longer yours". */
    closed?: (status: string) => string | undefined;
    /** Throws an INVALID_INPUT AppError naming the field; returns what insert needs from the check. */
    validate: (ctx: SubmitContext, row: Locked, input: Input) => Promise<Checked>;
    /** The slot the submit holds: the one it has, or one taken again after its lease ran out; throws CONFLICT when none is left. */
    slot: (ctx: SubmitContext, row: Locked) => Promise<number | null>;
    /** Whether that slot is the assignment's (slot kinds) rather than the kind's own row's (detect). Default true. */
    slotOnAssignment?: boolean;
    /** A ranking's draft stays on its submitted assignment; the other kinds clear it. */
    keepDraft?: boolean;
    /** Writes the kind's result (the assignment is already marked SUBMITTED in this transaction). */
    insert: (ctx: SubmitContext, row: Locked, input: Input, done: { slot: number | null; checked: Checked }) => Promise<Result>;
    /** The stats hook: runs last, in the same transaction (e.g. recomputeItemStats). */
    after?: (ctx: SubmitContext, row: Locked) => Promise<void>;
    /**
     * Optional, for a hot path (with `opening`), in place of insert and after: the kind's insert and
     * the reads its stats hook needs as SQL text (simple protocol; values only through
     * lib/tasks/sql-literal or lib/db's sqlLiteral), sent in one round trip right behind the engine's
     * mark; `read` takes their results and gives the result and the statements to send with COMMIT
     * (the stats write; null: none). Statements it EXECUTEs go in the opening's `prepared`. With `sql`
     * null there is no such round trip: `read` is called with no results and the mark goes with
     * `closing`, in COMMIT's round trip (a kind that read what it needs in the opening).
     */
    write?: (
      ctx: SubmitContext,
      row: Locked,
      input: Input,
      done: { slot: number | null; checked: Checked },
    ) => { sql: string | null; read: (results: QueryResult[]) => { result: Result; closing: string | null } };
  };
  draft?: {
    /** Ids of responses the draft names; a draft naming one outside the assignment's shownOrder is refused. */
    responseIds?: (draft: unknown) => string[];
  };
  /** The screen's view of one of the labeler's open assignments of this kind, or null. */
  view: (o: { assignmentId: string; userId: string; projectId: string }) => Promise<View | null>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the registry holds kinds of different types
export type AnyTaskKind = TaskKindModule<any, any, any, any, any>;
