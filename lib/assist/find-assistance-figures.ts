import { getPgPool } from '@/lib/db';
import { readProjectSettings, type TProjectSettings } from '@/lib/projects/settings';
import { compareArms, type ArmComparison, type ArmTask } from '@/lib/assist/compare-arms';
import { summarizeAssistanceUse, type AssistanceUse, type AssistedTask } from '@/lib/assist/summarize-assistance-use';

export type AssistanceFigures = {
  settings: TProjectSettings['assistance'];
  /** Ranking tasks in an assisted arm (randomized or not). */
  rank: AssistanceUse;
  /** Detect trials in their assisted arm shown with assistance on: "ask for more" (on-demand critiques). */
  detect: AssistanceUse;
  /** Randomized ranking tasks, assisted against unassisted; null when no task was randomized. */
  arms: ArmComparison | null;
};

/**
 * The dashboard's Assistance section (issue 25): how much the assistant is used, and with
 * randomization the arms compared. Submitted tasks only; labelers the lead excluded stay out of
 * the comparison (judgment_stats.counted), as they stay out of every project figure.
 */
export async function findAssistanceFigures(options: { projectId: string }): Promise<AssistanceFigures> {
  const { projectId } = options;
  const pool = getPgPool();
  const [project, offered, armRows] = await Promise.all([
    pool.query<{ settings: unknown }>('SELECT settings FROM projects WHERE id = $1', [projectId]),
    // Offered: an assisted arm recorded when the task was shown (ranking: drawn or always; detect: its assisted trials).
    pool.query<{ taskKind: 'RANK' | 'DETECT'; requests: Record<string, number> | null; looks: number[] }>(
      `SELECT a.kind::text AS "taskKind",
              (SELECT jsonb_object_agg(k.kind, k.n) FROM (SELECT q.kind::text AS kind, count(*)::int AS n FROM assistance_requests q
                                                         WHERE q."assignmentId" = a.id GROUP BY q.kind) k) AS requests,
              ARRAY(SELECT q."lookMs" FROM assistance_requests q WHERE q."assignmentId" = a.id AND q.status = 'ANSWERED') AS looks
       FROM assistance_arms arm JOIN assignments a ON a.id = arm."assignmentId"
       WHERE arm."projectId" = $1 AND arm.arm = 'ASSISTED' AND a.status = 'SUBMITTED' AND a.kind IN ('RANK', 'DETECT')`,
      [projectId],
    ),
    pool.query<ArmTask>(
      `SELECT arm.arm::text AS arm, a."itemId", a."userId", j."durationMs",
              coalesce(s."looAgree", 0) AS "consensusAgree", coalesce(s."looCompared", 0) AS "consensusCompared",
              coalesce(s."goldAgree", 0) AS "goldAgree", coalesce(s."goldCompared", 0) AS "goldCompared",
              cardinality(a."shownOrder") AS responses,
              coalesce((SELECT sum(cardinality(r.flags))::int FROM response_ratings r WHERE r."judgmentId" = j.id), 0) AS flags,
              coalesce((SELECT sum(jsonb_array_length(r.flaws))::int FROM response_ratings r WHERE r."judgmentId" = j.id), 0) AS flaws
       FROM assistance_arms arm
       JOIN assignments a ON a.id = arm."assignmentId" AND a.status = 'SUBMITTED'
       JOIN judgments j ON j."assignmentId" = a.id
       LEFT JOIN judgment_stats s ON s."judgmentId" = j.id
       WHERE arm."projectId" = $1 AND arm.randomized AND coalesce(s.counted, true)`,
      [projectId],
    ),
  ]);
  const tasks = (kind: 'RANK' | 'DETECT'): AssistedTask[] =>
    offered.rows.filter((r) => r.taskKind === kind).map((r) => ({ taskKind: kind, requests: r.requests ?? {}, looks: r.looks }));
  return {
    settings: readProjectSettings(project.rows[0]?.settings).assistance,
    rank: summarizeAssistanceUse(tasks('RANK')),
    detect: summarizeAssistanceUse(tasks('DETECT')),
    arms: armRows.rows.length > 0 ? compareArms(armRows.rows) : null,
  };
}
