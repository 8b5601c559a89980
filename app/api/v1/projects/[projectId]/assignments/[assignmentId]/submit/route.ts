import { submitAssignment } from '@/lib/labeler-api/answer-labeler-routes';
import { labelerResponse } from '@/lib/http/run-labeler-route';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/projects/{projectId}/assignments/{assignmentId}/submit — submits a ranking (idempotent):
 * lib/labeler-api/answer-labeler-routes.ts (submitAssignment) says what it answers. `npm start` serves this path in its
 * lane beside Next.js (lib/labeler-api/handle-labeler-lane.ts) with the same function; this file serves it under plain
 * `next start`, with PREFLAB_LABELER_LANE=off, and for whatever the lane passes on.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string; assignmentId: string }> }) {
  const { projectId, assignmentId } = await context.params;
  return labelerResponse(await submitAssignment({ request, projectId, assignmentId }));
}
