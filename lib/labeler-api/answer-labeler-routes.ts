import { AppError } from '@/lib/errors';
import { answerLabelerRoute, type LabelerAnswer, type LabelerRequest } from '@/lib/http/run-labeler-route';
import { ZSubmitRanking } from '@/lib/judgments/schemas';
import { claimRankingTask } from '@/lib/tasks/claim-next';
import { getRankingTaskPayload } from '@/lib/tasks/get-ranking-task-payload';
import { submitRanking } from '@/lib/tasks/kinds/rank';

/**
 * The labeler API's two hot routes, once: the App Router files (app/api/v1/projects/[projectId]/tasks/next/route.ts
 * and .../assignments/[assignmentId]/submit/route.ts) and the lane beside Next.js (lib/labeler-api/handle-labeler-lane.ts,
 * served by scripts/serve.ts) both call these, and send the answer each their way.
 */

const KIND_NAMES = {
  RANK: 'ranking',
  DEMONSTRATE: 'demonstration',
  PERTURB: 'perturbation',
  DETECT: 'detection',
  CHAT: 'chat',
  STEPS: 'steps',
} as const;

/**
 * POST /api/v1/projects/{projectId}/tasks/next — the labeler's next ranking task (their live one
 * first). Session cookie of a labeler or lead of the project (or an admin), same origin only.
 * 200 {task: {assignmentId, messages, responses: [{id, label, text}], leaseExpiresAt,
 * taxonomyVersion, draft, aspects?: [{name, description}]}} or {task: null} when nothing is left · 401/403/404 {error}.
 * A paused member is refused (403, claimRankingTask's MemberPausedError), as on the task page. This API serves rankings only: while a
 * task of another kind (demonstrate, perturb, detect) is open for the labeler in the app, 409
 * names it and no ranking is handed out (one live task per project across kinds).
 */
export function claimNextTask(options: { request: LabelerRequest; projectId: string }): Promise<LabelerAnswer> {
  const { request, projectId } = options;
  return answerLabelerRoute({
    request,
    projectId,
    // The access check leads the claim's first round trip (one round trip fewer than a separate read).
    checksAccess: true,
    handle: async (labeler) => {
      const claimed = await claimRankingTask({ projectId, userId: labeler.userId, guard: labeler.guard ?? undefined });
      if (!claimed) return { task: null };
      if (claimed.kind !== 'RANK') {
        throw new AppError(
          'CONFLICT',
          `You have a ${KIND_NAMES[claimed.kind]} task open in this project; finish or skip it in the app first. This API hands out ranking tasks only.`,
        );
      }
      const task =
        claimed.payload ?? (await getRankingTaskPayload({ assignmentId: claimed.assignmentId, userId: labeler.userId, projectId }));
      if (!task) throw new Error(`claimed assignment ${claimed.assignmentId} is not readable`);
      // Field by field: model ids, metadata, external ids and gold rankings never leave the server.
      return {
        task: {
          assignmentId: task.assignmentId,
          messages: task.messages,
          responses: task.responses.map((r) => ({ id: r.id, label: r.label, text: r.text })),
          leaseExpiresAt: task.leaseExpiresAt,
          taxonomyVersion: task.taxonomyVersion,
          draft: task.draft,
          // Issue 27: the aspects to answer after the overall ranking, only when the project collects them.
          ...(task.aspects ? { aspects: task.aspects.map((a) => ({ name: a.name, description: a.description })) } : {}),
        },
      };
    },
  });
}

/**
 * POST /api/v1/projects/{projectId}/assignments/{assignmentId}/submit — body: ZSubmitRanking
 * without assignmentId (the path's wins). Idempotent: a repeat returns the first judgment with
 * duplicate: true. 200 {judgmentId, duplicate} · 400 {error, fieldErrors} · 401/403/404/409/413 {error}.
 */
export function submitAssignment(options: { request: LabelerRequest; projectId: string; assignmentId: string }): Promise<LabelerAnswer> {
  const { request, projectId, assignmentId } = options;
  return answerLabelerRoute({
    request,
    projectId,
    assignmentId,
    schema: ZSubmitRanking,
    // The access check leads the submit's first round trip (one round trip fewer than a separate read).
    checksAccess: true,
    handle: async (labeler, input) => {
      const { judgmentId, duplicate } = await submitRanking({
        userId: labeler.userId,
        projectId,
        input,
        guard: labeler.guard ?? undefined,
      });
      return { judgmentId, duplicate };
    },
  });
}
