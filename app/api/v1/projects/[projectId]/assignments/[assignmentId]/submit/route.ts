import { runLabelerRoute } from '@/lib/http/run-labeler-route';
import { ZSubmitRanking } from '@/lib/judgments/schemas';
import { submitRanking } from '@/lib/tasks/kinds/rank';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/projects/{projectId}/assignments/{assignmentId}/submit — body: ZSubmitRanking
 * without assignmentId (the path's wins). Idempotent: a repeat returns the first judgment with
 * duplicate: true. 200 {judgmentId, duplicate} · 400 {error, fieldErrors} · 401/403/404/409/413 {error}.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string; assignmentId: string }> }) {
  const { projectId, assignmentId } = await context.params;
  return runLabelerRoute({
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
