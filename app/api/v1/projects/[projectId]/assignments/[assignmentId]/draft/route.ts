import { runLabelerRoute } from '@/lib/http/run-labeler-route';
import { ZSaveDraft } from '@/lib/judgments/schemas';
import { saveDraft } from '@/lib/tasks/kinds/rank';

export const dynamic = 'force-dynamic';

/**
 * PUT /api/v1/projects/{projectId}/assignments/{assignmentId}/draft — body: {draft} (ZSaveDraft).
 * Last write wins. 200 {savedAt} · 400 {error, fieldErrors} · 401/403/404/409/413 {error}.
 */
export async function PUT(request: Request, context: { params: Promise<{ projectId: string; assignmentId: string }> }) {
  const { projectId, assignmentId } = await context.params;
  return runLabelerRoute({
    request,
    projectId,
    assignmentId,
    schema: ZSaveDraft,
    handle: async (labeler, input) => {
      const { savedAt } = await saveDraft({ userId: labeler.userId, projectId, input });
      return { savedAt: savedAt.toISOString() };
    },
  });
}
