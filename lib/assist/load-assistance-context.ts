import { getPgPool } from '@/lib/db';
import { readProjectSettings, type TProjectSettings } from '@/lib/projects/settings';

/** What every assistance read and write checks first: the assignment, whose it is, its arms and the project's settings. */
export type AssistanceContext = {
  assignmentId: string;
  projectId: string;
  itemId: string;
  kind: 'RANK' | 'DETECT' | string;
  status: string;
  /** ACTIVE, or EXPIRED and not yet given to anyone else (a late submit may still count): the labeler's task. */
  live: boolean;
  shownOrder: string[];
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  settings: TProjectSettings['assistance'];
  /** RANK: the arm drawn when the task was first shown with assistance on (null: none drawn). */
  arm: 'ASSISTED' | 'UNASSISTED' | null;
  /** DETECT: the trial's own arm and the text it shows (never sent to the browser from here). */
  detectArm: 'ASSISTED' | 'UNASSISTED' | null;
  detectResponseId: string | null;
  detectText: string | null;
  submittedAt: Date | null;
};

/**
 * The assignment `assignmentId` of `userId` in `projectId` with what the assistance rules need, or
 * null when it is not theirs (or not there): callers answer NOT_FOUND then, never saying whose it is.
 */
export async function loadAssistanceContext(options: {
  assignmentId: string;
  userId: string;
  projectId: string;
}): Promise<AssistanceContext | null> {
  const { rows } = await getPgPool().query<Omit<AssistanceContext, 'settings' | 'live'> & { projectSettings: unknown }>(
    `SELECT a.id AS "assignmentId", a."projectId", a."itemId", a.kind::text AS kind, a.status::text AS status, a."shownOrder", a."submittedAt",
            i.messages, p.settings AS "projectSettings", arm.arm::text AS arm, t.arm::text AS "detectArm", t."responseId" AS "detectResponseId",
            CASE WHEN t.variant = 'FLAWED' THEN pe."flawedText" WHEN t.id IS NOT NULL THEN r.text END AS "detectText"
     FROM assignments a
     JOIN items i ON i.id = a."itemId"
     JOIN projects p ON p.id = a."projectId"
     LEFT JOIN assistance_arms arm ON arm."assignmentId" = a.id
     LEFT JOIN detect_trials t ON t."assignmentId" = a.id
     LEFT JOIN perturbations pe ON pe.id = t."perturbationId"
     LEFT JOIN responses r ON r.id = t."responseId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const { projectSettings, ...rest } = row;
  return { ...rest, settings: readProjectSettings(projectSettings).assistance, live: row.status === 'ACTIVE' || row.status === 'EXPIRED' };
}

/** Assistance is on for this assignment: on in the project with a connection, and the assignment is in an assisted arm. */
export function assistanceOn(ctx: AssistanceContext): boolean {
  if (!ctx.settings.enabled || !ctx.settings.connectionId) return false;
  if (ctx.kind === 'RANK') return ctx.arm === 'ASSISTED';
  if (ctx.kind === 'DETECT') return ctx.detectArm === 'ASSISTED' && ctx.settings.kinds.includes('CRITIQUE');
  return false;
}
