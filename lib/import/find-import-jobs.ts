import { getPgPool, getSql } from '@/lib/db';
import { importJobView, type ImportJobRow, type ImportJobView } from '@/lib/import/import-job-view';

/** A running job whose heartbeat stopped this long ago belonged to an instance that ended (its transaction rolled back). */
export const STALE_IMPORT_SECONDS = 300;

/** The job row as importJobView reads it; its JSON columns hold what create-import-job and run-import-job stored. */
function selectJobs() {
  return getSql()
    .selectFrom('import_jobs')
    .select([
      'id',
      'status',
      'origin',
      'fileName',
      'options',
      'container',
      'format',
      'rowsChecked',
      'rowsWritten',
      'rowsTotal',
      'bytesRead',
      'bytesTotal',
    ])
    .select(['rowsRejected', 'summary', 'errors', 'error', 'createdAt', 'phaseStartedAt', 'heartbeatAt', 'finishedAt'])
    .$narrowType<Pick<ImportJobRow, 'options' | 'summary' | 'errors'>>();
}

/** Marks the project's running jobs whose heartbeat stopped as FAILED (nothing of theirs was committed). */
async function failStaleImportJobs(projectId: string) {
  await getPgPool().query(
    `UPDATE import_jobs SET status = 'FAILED', error = 'The import stopped (the app instance running it ended); nothing was written. Import the file again.', "finishedAt" = now() AT TIME ZONE 'UTC'
      WHERE "projectId" = $1 AND status IN ('CHECKING', 'WRITING') AND "heartbeatAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => $2)`,
    [projectId, STALE_IMPORT_SECONDS],
  );
}

/** One import job of the project, or null (another project's job is not confirmed to exist). */
export async function getImportJob(options: { projectId: string; jobId: string }): Promise<ImportJobView | null> {
  await failStaleImportJobs(options.projectId);
  const row = await selectJobs().where('id', '=', options.jobId).where('projectId', '=', options.projectId).executeTakeFirst();
  return row ? importJobView(row) : null;
}

/** The project's latest import jobs, newest first. */
export async function findImportJobs(options: { projectId: string; limit?: number }): Promise<ImportJobView[]> {
  await failStaleImportJobs(options.projectId);
  const rows = await selectJobs()
    .where('projectId', '=', options.projectId)
    .orderBy('createdAt', 'desc')
    .limit(options.limit ?? 5)
    .execute();
  return rows.map(importJobView);
}
