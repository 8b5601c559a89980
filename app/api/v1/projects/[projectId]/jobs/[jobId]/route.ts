import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { cancelGenerationJob } from '@/lib/generation/cancel-generation-job';
import { getGenerationJob } from '@/lib/generation/get-generation-job';
import { resumeGenerationJob } from '@/lib/generation/resume-generation-job';
import { runGenerationApiRoute } from '@/lib/generation/run-generation-api-route';

export const dynamic = 'force-dynamic';

async function found(projectId: string, jobId: string) {
  const job = z.uuid().safeParse(jobId).success ? await getGenerationJob({ projectId, jobId }) : null;
  if (!job) throw new AppError('NOT_FOUND', 'No such job in this project');
  return job;
}

/** GET /api/v1/projects/{projectId}/jobs/{jobId} — progress, rate, estimate, token totals and errors by reason. Token scope "import", lead. */
export async function GET(request: Request, context: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await context.params;
  return runGenerationApiRoute({ request, projectId, handle: async () => Response.json({ job: await found(projectId, jobId) }) });
}

const ZAction = z.object({ action: z.enum(['cancel', 'resume'], { message: 'action must be "cancel" or "resume"' }) });

/** POST /api/v1/projects/{projectId}/jobs/{jobId} `{"action": "cancel" | "resume"}` — answers the job as it is then. */
export async function POST(request: Request, context: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await context.params;
  return runGenerationApiRoute({
    request,
    projectId,
    body: true,
    handle: async ({ actor, body }) => {
      const { action } = ZAction.parse(body);
      await found(projectId, jobId);
      if (action === 'cancel') await cancelGenerationJob({ actorId: actor.userId, projectId, jobId });
      else await resumeGenerationJob({ actorId: actor.userId, projectId, jobId });
      return Response.json({ job: await found(projectId, jobId) });
    },
  });
}
