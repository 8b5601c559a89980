import { getEnv } from '@/lib/env';
import { createImportJob } from '@/lib/import/create-import-job';
import { runImportJob } from '@/lib/import/run-import-job';
import { saveUpload } from '@/lib/import/save-upload';
import type { TImportQuery } from '@/lib/import/schemas';

/**
 * Saves an upload (the import page's or the API's body) and records its job. `run` does the
 * import and then deletes the upload; the route either awaits it (the answer is the outcome) or
 * hands it to `after()` and answers 202 at once (the import goes on if the client leaves, and any
 * instance can report its progress from the job row).
 */
export async function startImportJob(options: {
  projectId: string;
  actorId: string;
  origin: 'page' | 'api';
  body: ReadableStream<Uint8Array> | null;
  query: TImportQuery;
}) {
  const upload = await saveUpload(options.body, getEnv().IMPORT_MAX_BYTES);
  try {
    const { query } = options;
    const jobId = await createImportJob({
      projectId: options.projectId,
      actorId: options.actorId,
      origin: options.origin,
      fileName: query.name?.trim() || 'upload',
      bytesTotal: upload.bytes,
      options: {
        format: query.format,
        withLabels: query.with_labels,
        skipInvalid: query.skip_invalid,
        ...(query.config ? { config: query.config } : {}),
      },
    });
    return { jobId, run: () => runImportJob({ jobId, path: upload.path, remove: upload.remove }) };
  } catch (error) {
    await upload.remove();
    throw error;
  }
}
