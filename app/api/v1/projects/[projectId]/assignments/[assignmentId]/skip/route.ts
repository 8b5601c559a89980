import { runLabelerRoute } from '@/lib/http/run-labeler-route';
import { ZSkipTask } from '@/lib/judgments/schemas';
import { skipTask } from '@/lib/tasks/skip';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/projects/{projectId}/assignments/{assignmentId}/skip — body: {reason, note?}
 * (ZSkipTask). The slot returns to the pool; skipping twice is a no-op.
 * 200 {skipped: true} · 400 {error, fieldErrors} · 401/403/404/409 {error}.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string; assignmentId: string }> }) {
  const { projectId, assignmentId } = await context.params;
  return runLabelerRoute({
    request,
    projectId,
    assignmentId,
    schema: ZSkipTask,
    handle: (labeler, input) => skipTask({ userId: labeler.userId, projectId, input }),
  });
}
