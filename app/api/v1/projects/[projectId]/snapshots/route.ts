import { after } from 'next/server';
import { AppError } from '@/lib/errors';
import { createExportSnapshot } from '@/lib/export/create-export-snapshot';
import { findExportSnapshots, getExportSnapshot } from '@/lib/export/find-export-snapshots';
import { runExportApiRoute, apiJson } from '@/lib/export/run-export-api-route';
import { runSnapshotBuild } from '@/lib/export/run-snapshot-build';
import { ZExportRequest } from '@/lib/export/schemas';
import { snapshotJson } from '@/lib/export/snapshot-json';
import { sweepExportWork } from '@/lib/export/sweep-export-work';
import { readJsonBody } from '@/lib/http/read-json-body';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ projectId: string }> };

/** GET /api/v1/projects/{projectId}/snapshots — the project's snapshots, newest first (bearer token, scope "export"). */
export async function GET(request: Request, context: Context) {
  const { projectId } = await context.params;
  return runExportApiRoute({
    request,
    projectId,
    handle: async () => {
      after(sweepExportWork);
      const snapshots = await findExportSnapshots({ projectId });
      return apiJson(200, { snapshots: snapshots.map((s) => snapshotJson(projectId, s)) });
    },
  });
}

/**
 * POST /api/v1/projects/{projectId}/snapshots — body: the options as JSON, e.g.
 * {"format": "pairs", "mode": "consensus", "min_votes": 2}. Answers 202 at once with the snapshot
 * (status "building") and `Location` = its status URL; poll it until "ready" (or "failed"), then GET
 * links.download. 400 {error, fields} for bad options, or for "pairs" on a project with conversations.
 */
export async function POST(request: Request, context: Context) {
  const { projectId } = await context.params;
  return runExportApiRoute({
    request,
    projectId,
    handle: async (actor) => {
      const parsed = ZExportRequest.safeParse(await readJsonBody(request, 64 * 1024));
      if (!parsed.success) {
        const fields: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) (fields[issue.path.join('.') || 'body'] ??= []).push(issue.message);
        const first = parsed.error.issues[0];
        throw new AppError('INVALID_INPUT', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`, fields);
      }
      const { id } = await createExportSnapshot({ projectId, actorId: actor.userId, request: parsed.data });
      after(() => runSnapshotBuild({ snapshotId: id }));
      const snapshot = await getExportSnapshot({ projectId, snapshotId: id });
      const body = snapshotJson(projectId, snapshot!);
      return apiJson(202, { snapshot: body }, { location: body.links.self });
    },
  });
}
