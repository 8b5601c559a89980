import { AppError } from '@/lib/errors';
import { findModelConnections, type ModelConnectionSummary } from '@/lib/models/get-chat-target';
import type { SamplingParams } from '@/lib/models/schemas';

/** The connections a job names, each one the project may use (its own or shared, not removed); INVALID_INPUT otherwise. */
export async function resolveJobConnections(options: { projectId: string; connectionIds: string[] }): Promise<ModelConnectionSummary[]> {
  const usable = new Map((await findModelConnections({ projectId: options.projectId })).map((c) => [c.id, c]));
  const ids = [...new Set(options.connectionIds)];
  const missing = ids.filter((id) => !usable.has(id));
  if (missing.length > 0) {
    throw new AppError('INVALID_INPUT', 'No such model connection in this project.', {
      connectionIds: ['No such model connection in this project.'],
    });
  }
  return ids.map((id) => usable.get(id)!);
}

/**
 * What one request sends: the connection's defaults, the job's own parameters over them, and, when a
 * seed is set, seed + sample (so K samples differ but each is reproducible). No seed is sent unless
 * one is set: some servers refuse the parameter.
 */
export function taskParams(connection: ModelConnectionSummary, jobParams: SamplingParams, sample: number): SamplingParams {
  const params: SamplingParams = { ...connection.params, ...jobParams };
  if (params.seed !== undefined) params.seed += sample;
  return params;
}
