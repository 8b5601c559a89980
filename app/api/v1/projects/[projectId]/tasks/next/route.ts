import { AppError } from '@/lib/errors';
import { runLabelerRoute } from '@/lib/http/run-labeler-route';
import { claimNextTask } from '@/lib/tasks/claim-next-task';
import { getRankingTaskPayload } from '@/lib/tasks/get-ranking-task-payload';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/projects/{projectId}/tasks/next — the labeler's next ranking task (their live one
 * first). Session cookie of a labeler or lead of the project (or an admin), same origin only.
 * 200 {task: {assignmentId, messages, responses: [{id, label, text}], leaseExpiresAt,
 * taxonomyVersion, draft}} or {task: null} when nothing is left · 401/403/404 {error}.
 * A paused member is refused (403), as on the task page.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  return runLabelerRoute({
    request,
    projectId,
    handle: async (labeler) => {
      // checkCanClaim's rule, from the membership row requireLabelerAccess already read (pausing also released their live task).
      if (labeler.paused) throw new AppError('FORBIDDEN', 'Your lead has paused your work in this project. Tasks you already submitted still count.');
      const claimed = await claimNextTask({ projectId, userId: labeler.userId });
      if (!claimed) return { task: null };
      const task = await getRankingTaskPayload({ assignmentId: claimed.assignmentId, userId: labeler.userId, projectId });
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
        },
      };
    },
  });
}
