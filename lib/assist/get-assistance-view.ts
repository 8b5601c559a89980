import { getPgPool } from '@/lib/db';
import { drawAssistanceArm } from '@/lib/assist/draw-assistance-arm';
import { assistanceOn, loadAssistanceContext } from '@/lib/assist/load-assistance-context';
import { ANSWER_VIEW_COLUMNS, toAnswerView, type AnswerViewRow, type AssistanceView } from '@/lib/assist/types';

/**
 * The assistance a task screen offers for the labeler's live assignment, or null: assistance off in
 * the project (or no connection), the assignment not theirs or not live, or in the unassisted arm.
 * For a ranking task this is where the arm is drawn, the first time the task is shown with
 * assistance on (draw-assistance-arm.ts); the detect screen uses the trial's own arm (and records that help was offered).
 */
export async function getAssistanceView(options: {
  assignmentId: string;
  userId: string;
  projectId: string;
  random?: () => number;
}): Promise<AssistanceView | null> {
  const ctx = await loadAssistanceContext(options);
  if (!ctx || !ctx.live || !ctx.settings.enabled || !ctx.settings.connectionId) return null;
  if (ctx.kind === 'RANK' && ctx.arm === null) {
    ctx.arm = await drawAssistanceArm({ ...options, randomize: ctx.settings.randomize });
  }
  if (!assistanceOn(ctx)) return null;
  if (ctx.kind === 'DETECT' && ctx.arm === null) {
    // The trial's arm is its own (lib/detect); this row only records that "ask for more" was offered (the dashboard's use figures).
    await getPgPool().query(
      `INSERT INTO assistance_arms ("assignmentId", "projectId", "userId", arm, randomized) VALUES ($1, $2, $3, 'ASSISTED', false)
       ON CONFLICT ("assignmentId") DO NOTHING`,
      [ctx.assignmentId, options.projectId, options.userId],
    );
  }
  const { rows } = await getPgPool().query<AnswerViewRow>(
    `SELECT ${ANSWER_VIEW_COLUMNS} FROM assistance_requests q WHERE q."assignmentId" = $1 ORDER BY q."requestedAt", q.id`,
    [ctx.assignmentId],
  );
  return {
    assignmentId: ctx.assignmentId,
    kinds: ctx.kind === 'DETECT' ? ['CRITIQUE'] : ctx.settings.kinds,
    requests: rows.map((r) => toAnswerView(r)),
  };
}
