import { z } from 'zod';
import { createCritiquesJob } from '@/lib/generation/create-critiques-job';
import { createResponsesJob } from '@/lib/generation/create-responses-job';
import { findGenerationJobs } from '@/lib/generation/find-generation-jobs';
import { getGenerationJob } from '@/lib/generation/get-generation-job';
import { runGenerationApiRoute } from '@/lib/generation/run-generation-api-route';
import { ZCreateCritiquesJob, ZCreateResponsesJob } from '@/lib/generation/schemas';
import { createDiscriminateJob } from '@/lib/generation/create-discriminate-job';
import { createJudgeJob } from '@/lib/generation/create-judge-job';
import { ZCreateDiscriminateJob, ZCreateJudgeJob } from '@/lib/judge/schemas';

export const dynamic = 'force-dynamic';

const jobUrl = (projectId: string, jobId: string) => `/api/v1/projects/${projectId}/jobs/${jobId}`;

/** GET /api/v1/projects/{projectId}/jobs — the project's generation jobs, newest first, with progress. Token scope "import", lead. */
export async function GET(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  return runGenerationApiRoute({
    request,
    projectId,
    handle: async () => {
      const jobs = await findGenerationJobs({ projectId });
      return Response.json({ jobs: jobs.map((job) => ({ ...job, url: jobUrl(projectId, job.id) })) });
    },
  });
}

const ZKind = z.object({
  kind: z.enum(['responses', 'critiques', 'judge', 'discriminate'], {
    message: 'kind must be "responses", "critiques", "judge" or "discriminate"',
  }),
});

/**
 * POST /api/v1/projects/{projectId}/jobs — starts a generation job, answers 202 with it and its URL.
 * `{"kind": "responses", "connectionIds": [...], "samples": K, "params"?: {...}, "prompts": {"by": "all" | "awaiting" | "items", "itemIds"?} | {"by": "filter", "filters": {...}}}`
 * or `{"kind": "critiques", "connectionId", "samples": N, "params"?, "targets": {"responses": "all" | "sources" | "none", "responseIds"?, "perturbations"?}}`,
 * or (issue 25) `{"kind": "judge", "connectionId", "items": {"by": "all" | "labeled"} | {"by": "sample", "size"} | {"by": "items", "itemIds"},
 * "templateVersion"?, "reversed"?, "attempts"?, "params"?}` or `{"kind": "discriminate", "connectionId", "trials"?, "checkCritiques"?, "params"?}`.
 */
export async function POST(request: Request, context: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await context.params;
  return runGenerationApiRoute({
    request,
    projectId,
    body: true,
    handle: async ({ actor, body }) => {
      const { kind, ...rest } = body;
      ZKind.parse({ kind });
      const actorId = actor.userId;
      const { jobId } =
        kind === 'responses'
          ? await createResponsesJob({ actorId, input: ZCreateResponsesJob.parse({ ...rest, projectId }) })
          : kind === 'critiques'
            ? await createCritiquesJob({ actorId, input: ZCreateCritiquesJob.parse({ ...rest, projectId }) })
            : kind === 'judge'
              ? await createJudgeJob({ actorId, input: ZCreateJudgeJob.parse({ ...rest, projectId }) })
              : await createDiscriminateJob({ actorId, input: ZCreateDiscriminateJob.parse({ ...rest, projectId }) });
      const job = await getGenerationJob({ projectId, jobId });
      return Response.json(
        { job: { ...job, url: jobUrl(projectId, jobId) } },
        { status: 202, headers: { location: jobUrl(projectId, jobId) } },
      );
    },
  });
}
