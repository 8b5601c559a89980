import type { TaskKind } from '@/generated/prisma/enums';
import { getPgPool, type Guard } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import { claimTask, MemberPausedError, type ClaimedAssignment, type ClaimOptions } from '@/lib/tasks/claim';
import { rankingTaskPayloadRead, type RankingTaskPayload } from '@/lib/tasks/get-ranking-task-payload';
import { TASK_KINDS } from '@/lib/tasks/kinds';

export type { ClaimedAssignment } from '@/lib/tasks/claim';
export { MemberPausedError } from '@/lib/tasks/claim';

/**
 * The kinds to try, in order: one drawn at random by weight among the enabled kinds, then the
 * others, heaviest first. Exported for tests.
 */
export function orderKinds(weights: Array<[TaskKind, number]>, draw: number): TaskKind[] {
  const enabled = weights.filter(([, w]) => w > 0).sort((a, b) => b[1] - a[1]);
  const total = enabled.reduce((sum, [, w]) => sum + w, 0);
  let target = draw * total;
  const first = enabled.find(([, w]) => (target -= w) < 0) ?? enabled[enabled.length - 1];
  if (!first) return [];
  return [first[0], ...enabled.filter(([k]) => k !== first[0]).map(([k]) => k)];
}

/**
 * Who is claiming, read before the mixed claim: the project's settings, the member's permitted
 * kinds and the kind of their live assignment. A paused member is refused here already (and again
 * by claimTask, under the claim lock).
 */
async function readClaimer(options: ClaimOptions): Promise<{ settings: unknown; allowedKinds: TaskKind[]; liveKind: TaskKind | null }> {
  // allowedKinds as text[]: pg parses no arrays of enum types (it would hand back the string "{}").
  const { rows } = await getPgPool().query<{
    settings: unknown;
    allowedKinds: TaskKind[] | null;
    paused: boolean | null;
    liveKind: TaskKind | null;
  }>(
    `SELECT p.settings, m."allowedKinds"::text[] AS "allowedKinds", m.paused, live.kind AS "liveKind"
     FROM projects p
     LEFT JOIN memberships m ON m."projectId" = p.id AND m."userId" = $2
     LEFT JOIN LATERAL (SELECT kind FROM assignments a WHERE a."projectId" = p.id AND a."userId" = $2 AND a.status = 'ACTIVE' AND a."leaseExpiresAt" >= now() LIMIT 1) live ON true
     WHERE p.id = $1`,
    [options.projectId, options.userId],
  );
  const row = rows[0];
  if (!row) throw new Error(`No project ${options.projectId}`);
  if (row.paused) throw new MemberPausedError();
  return { settings: row.settings, allowedKinds: row.allowedKinds ?? [], liveKind: row.liveKind };
}

/**
 * The labeler's next task across the project's task mix (PRODUCT §3, §4): their live assignment
 * of any kind first; else a kind drawn by weight among the kinds the project enables and the
 * member may do (memberships.allowedKinds, empty = all), falling back to the others when it has
 * no work. Null when no enabled kind has work. Throws MemberPausedError for a paused member.
 */
export async function claimMixedTask(options: ClaimOptions): Promise<ClaimedAssignment | null> {
  const random = options.random ?? Math.random;
  const claimer = await readClaimer(options);
  // Each claim returns the live assignment of any kind first.
  if (claimer.liveKind) return claimTask(TASK_KINDS[claimer.liveKind], { ...options, random });
  const settings = readProjectSettings(claimer.settings);
  const permitted = (kind: TaskKind) => claimer.allowedKinds.length === 0 || claimer.allowedKinds.includes(kind);
  const weights = Object.values(TASK_KINDS).map((kind): [TaskKind, number] => [
    kind.kind,
    permitted(kind.kind) ? kind.weight(settings) : 0,
  ]);
  for (const kind of orderKinds(weights, random())) {
    const claimed = await claimTask(TASK_KINDS[kind], { ...options, random });
    if (claimed) return claimed;
  }
  return null;
}

/**
 * A ranking for the labeler JSON API, which serves rankings only: the labeler's live assignment or
 * a new ranking, with the guarantee of one live assignment per project across kinds. When a task
 * of another kind is live (begun in the app), that assignment is returned instead (its `kind` says
 * so) and no ranking is handed out. Throws MemberPausedError for a paused member. `payload`: the
 * claimed ranking as the API sends it (getRankingTaskPayload), read in the same transaction.
 * `guard`: the API's access check, run first in the claim's first round trip.
 */
export async function claimRankingTask(
  options: ClaimOptions & { guard?: Guard },
): Promise<(ClaimedAssignment & { payload?: RankingTaskPayload | null }) | null> {
  // No readClaimer: claimTask's opening reads the pause under the claim lock (one round trip fewer);
  // the task's payload is read with the COMMIT (one more).
  const claimed = await claimTask(TASK_KINDS.RANK, options, rankingTaskPayloadRead(options));
  if (!claimed) return null;
  const { read, ...assignment } = claimed;
  return { ...assignment, payload: read };
}
