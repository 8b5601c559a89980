import { claimNextTask } from '@/lib/labeler-api/answer-labeler-routes';
import { labelerResponse } from '@/lib/http/run-labeler-route';

export const dynamic = 'force-dynamic';

/**
 * POST /api/v1/projects/{projectId}/tasks/next — the labeler's next ranking task: lib/labeler-api/answer-labeler-routes.ts
 * (claimNextTask) says what it answers. `npm start` serves this path in its lane beside Next.js
 * (lib/labeler-api/handle-labeler-lane.ts) with the same function; this file serves it under plain `next start`,
 * with PREFLAB_LABELER_LANE=off, and for whatever the lane passes on.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  return labelerResponse(await claimNextTask({ request, projectId }));
}
