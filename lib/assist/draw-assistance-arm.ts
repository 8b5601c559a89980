import { withTransaction } from '@/lib/db';
import { drawArm, type Arm } from '@/lib/assist/arms';

/** Advisory-lock namespace of the arm draw (issue 25); the claim lock is namespace 4. */
const ARM_LOCK = 25;

/**
 * The assistance arm of the labeler's ranking assignment, drawn the first time the task is shown
 * with assistance on and stored (assistance_arms, keyed by the assignment); it never changes after.
 * Randomized: under the (project, labeler) lock, so two tabs drawing at once cannot both take the
 * same half of a block (lib/assist/arms.ts). Not randomized: every assignment is assisted, outside
 * any block. The caller has checked the assignment is the labeler's live RANK task.
 */
export async function drawAssistanceArm(options: {
  assignmentId: string;
  projectId: string;
  userId: string;
  randomize: boolean;
  random?: () => number;
}): Promise<Arm> {
  const { assignmentId, projectId, userId, randomize } = options;
  return withTransaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ARM_LOCK, `${projectId}:${userId}`]);
    const stored = await client.query<{ arm: Arm }>('SELECT arm::text AS arm FROM assistance_arms WHERE "assignmentId" = $1', [
      assignmentId,
    ]);
    if (stored.rows[0]) return stored.rows[0].arm;
    let arm: Arm = 'ASSISTED';
    let block: number | null = null;
    if (randomize) {
      // Only the current block's arms matter: the count and the arms already in block ⌊count / 2⌋. By the
      // stored block, not by "createdAt": that is the transaction's start, and draws waiting on the lock
      // commit in another order than they started.
      const { rows } = await client.query<{ n: number; recent: Arm[] }>(
        `WITH mine AS (SELECT arm::text AS arm, block FROM assistance_arms
                        WHERE "projectId" = $1 AND "userId" = $2 AND randomized)
         SELECT (SELECT count(*)::int FROM mine) AS n,
                ARRAY(SELECT arm FROM mine WHERE block = (SELECT count(*) FROM mine) / 2) AS recent`,
        [projectId, userId],
      );
      const held = { count: rows[0]?.n ?? 0, currentBlock: rows[0]?.recent ?? [] };
      ({ arm, block } = drawArm(held, options.random ?? Math.random));
    }
    await client.query(
      `INSERT INTO assistance_arms ("assignmentId", "projectId", "userId", arm, randomized, block) VALUES ($1, $2, $3, $4::"AssistanceArmKind", $5, $6)`,
      [assignmentId, projectId, userId, arm, randomize, block],
    );
    return arm;
  });
}
