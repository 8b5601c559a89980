import type { TaskKind } from '@/generated/prisma/enums';
import { getPgPool } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import { claimDetectTask } from '@/lib/detect/claim-detect-task';
import { claimPerturbTask } from '@/lib/perturb/claim-perturb-task';
import { claimDemonstrationTask, type ClaimedAssignment } from '@/lib/tasks/claim-demonstration-task';
import { claimNextTask } from '@/lib/tasks/claim-next-task';

/**
 * The one refusal of a paused member (PRODUCT §5): both claims below throw it before handing out
 * anything (pausing also released their live task). A 403 in the labeler API; the task page shows
 * it as "Labeling is paused". Past submissions are unaffected.
 */
export class MemberPausedError extends AppError {
  constructor() {
    super('FORBIDDEN', 'Your lead has paused your work in this project. Tasks you already submitted still count.');
  }
}

type MixKind = 'RANK' | 'DEMONSTRATE' | 'PERTURB' | 'DETECT';

/**
 * The claim of each kind but RANK. Each takes the same per-(project, labeler) lock and returns the
 * labeler's live assignment of any kind before claiming anything new.
 */
const CLAIM_OTHER: Record<Exclude<MixKind, 'RANK'>, (options: { projectId: string; userId: string }) => Promise<ClaimedAssignment | null>> = {
  DEMONSTRATE: claimDemonstrationTask,
  PERTURB: claimPerturbTask,
  DETECT: claimDetectTask,
};

type Options = {
  projectId: string;
  userId: string;
  /** Injected by tests; a uniform [0, 1) draw otherwise. Used for the kind, then for ranking's gold draw. */
  random?: () => number;
};

/**
 * The kinds to try, in order: one drawn at random by weight among the enabled kinds, then the
 * others, heaviest first. Exported for tests.
 */
export function orderKinds(weights: Array<[MixKind, number]>, draw: number): MixKind[] {
  const enabled = weights.filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]);
  const total = enabled.reduce((sum, [, w]) => sum + w, 0);
  let target = draw * total;
  const first = enabled.find(([, w]) => (target -= w) < 0) ?? enabled[enabled.length - 1];
  if (!first) return [];
  return [first[0], ...enabled.filter(([k]) => k !== first[0]).map(([k]) => k)];
}

/**
 * claim-next-task knows only RANK: once it has handed out a new ranking, a task of another kind claimed
 * in parallel (under the same lock, committed before) would make two live assignments. Under the
 * lock, a fresh ranking that lost that race is taken back (deleted: no draft, no judgment yet)
 * and the other assignment returned; so is the other assignment to a caller that resumed the
 * ranking just taken back.
 */
async function settleRankClaim(options: Options, claimed: ClaimedAssignment): Promise<ClaimedAssignment | null> {
  const client = await getPgPool().connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(4, hashtext($1))`, [`${options.projectId}:${options.userId}`]);
    const { rows } = await client.query<{ id: string; itemId: string; kind: TaskKind; leaseExpiresAt: Date }>(
      `SELECT id, "itemId", kind, "leaseExpiresAt" FROM assignments
       WHERE "projectId" = $1 AND "userId" = $2 AND kind <> 'RANK' AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() LIMIT 1`,
      [options.projectId, options.userId],
    );
    const other = rows[0];
    if (other && !claimed.resumed) {
      await client.query(`DELETE FROM assignments WHERE id = $1 AND status = 'ACTIVE' AND draft IS NULL AND "submittedAt" IS NULL`, [claimed.assignmentId]);
    }
    // A resumed ranking may be one a parallel caller has just taken back in favour of `other`.
    const gone = claimed.resumed && (await client.query(`SELECT 1 FROM assignments WHERE id = $1 AND status = 'ACTIVE'`, [claimed.assignmentId])).rowCount === 0;
    await client.query('COMMIT');
    if (other && (!claimed.resumed || gone)) return { kind: other.kind, projectId: options.projectId, assignmentId: other.id, itemId: other.itemId, leaseExpiresAt: other.leaseExpiresAt, resumed: true };
    return gone ? null : claimed;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** `settle`: tasks of another kind may be claimed in parallel (the project enables one). */
async function claimKind(kind: MixKind, options: Options, settle: boolean): Promise<ClaimedAssignment | null> {
  if (kind !== 'RANK') return CLAIM_OTHER[kind](options);
  const task = await claimNextTask(options);
  if (!task) return null;
  const claimed: ClaimedAssignment = { kind: 'RANK', projectId: task.projectId, assignmentId: task.assignmentId, itemId: task.itemId, leaseExpiresAt: task.leaseExpiresAt, resumed: task.resumed };
  return settle ? settleRankClaim(options, claimed) : claimed;
}

/**
 * The labeler's next task across the project's task mix (PRODUCT §3, §4): their live assignment
 * of any kind first; else a kind drawn by weight among the kinds the project enables and the
 * member may do (memberships.allowedKinds, empty = all), falling back to the others when it has
 * no work. Null when no enabled kind has work. Throws MemberPausedError for a paused member.
 */
export async function claimMixedTask(options: Options): Promise<ClaimedAssignment | null> {
  const { projectId, userId } = options;
  const random = options.random ?? Math.random;
  // allowedKinds as text[]: pg parses no arrays of enum types (it would hand back the string "{}").
  const { rows } = await getPgPool().query<{ settings: unknown; allowedKinds: TaskKind[] | null; paused: boolean | null; liveId: string | null; liveKind: TaskKind | null }>(
    `SELECT p.settings, m."allowedKinds"::text[] AS "allowedKinds", m.paused, live.id AS "liveId", live.kind AS "liveKind"
     FROM projects p
     LEFT JOIN memberships m ON m."projectId" = p.id AND m."userId" = $2
     LEFT JOIN LATERAL (SELECT id, kind FROM assignments a WHERE a."projectId" = p.id AND a."userId" = $2 AND a.status = 'ACTIVE' AND a."leaseExpiresAt" >= now() LIMIT 1) live ON true
     WHERE p.id = $1`,
    [projectId, userId],
  );
  const row = rows[0];
  if (!row) throw new Error(`No project ${projectId}`);
  if (row.paused) throw new MemberPausedError();
  // claim-next-task would not see a live task of another kind; that kind's claim returns it (any live assignment).
  if (row.liveKind && row.liveKind !== 'RANK') return CLAIM_OTHER[row.liveKind](options);
  const { taskMix } = readProjectSettings(row.settings);
  // A ranking-only project pays for no settling: no other kind can be claimed beside it.
  const settle = taskMix.demonstrate > 0 || taskMix.perturb > 0 || taskMix.detect > 0;
  if (row.liveKind === 'RANK') return claimKind('RANK', { ...options, random }, settle);

  const allowed = row.allowedKinds ?? [];
  const permitted = (kind: MixKind) => allowed.length === 0 || allowed.includes(kind);
  const weights: Array<[MixKind, number]> = [
    ['RANK', permitted('RANK') ? taskMix.rank : 0],
    ['DEMONSTRATE', permitted('DEMONSTRATE') ? taskMix.demonstrate : 0],
    ['PERTURB', permitted('PERTURB') ? taskMix.perturb : 0],
    ['DETECT', permitted('DETECT') ? taskMix.detect : 0],
  ];
  for (const kind of orderKinds(weights, random())) {
    const claimed = await claimKind(kind, { ...options, random }, settle);
    if (claimed) return claimed;
  }
  return null;
}

/**
 * A ranking for the labeler JSON API, which serves rankings only: the labeler's live ranking or a
 * new one, with the task mix's guarantee of one live assignment per project across kinds. When
 * a task of another kind is live (begun in the app), or wins a parallel claim, that assignment
 * is returned instead (its `kind` says so) and no ranking is handed out. Throws MemberPausedError
 * for a paused member.
 */
export async function claimRankingTask(options: Options): Promise<ClaimedAssignment | null> {
  const { rows } = await getPgPool().query<{ settings: unknown; paused: boolean | null; liveId: string | null; liveItemId: string | null; liveKind: TaskKind | null; liveLease: Date | null }>(
    `SELECT p.settings, m.paused, live.id AS "liveId", live."itemId" AS "liveItemId", live.kind AS "liveKind", live."leaseExpiresAt" AS "liveLease"
     FROM projects p
     LEFT JOIN memberships m ON m."projectId" = p.id AND m."userId" = $2
     LEFT JOIN LATERAL (SELECT id, "itemId", kind, "leaseExpiresAt" FROM assignments a
                        WHERE a."projectId" = p.id AND a."userId" = $2 AND a.kind <> 'RANK' AND a.status = 'ACTIVE' AND a."leaseExpiresAt" >= now() LIMIT 1) live ON true
     WHERE p.id = $1`,
    [options.projectId, options.userId],
  );
  const row = rows[0];
  if (!row) throw new Error(`No project ${options.projectId}`);
  if (row.paused) throw new MemberPausedError();
  if (row.liveId && row.liveKind && row.liveItemId && row.liveLease) {
    return { kind: row.liveKind, projectId: options.projectId, assignmentId: row.liveId, itemId: row.liveItemId, leaseExpiresAt: row.liveLease, resumed: true };
  }
  const { taskMix } = readProjectSettings(row.settings);
  return claimKind('RANK', options, taskMix.demonstrate > 0 || taskMix.perturb > 0 || taskMix.detect > 0);
}
