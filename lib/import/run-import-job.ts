import { getPgPool, getSql } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { importFile, type ImportOutcome, type ImportProgress } from '@/lib/import/import-file';
import { openRowSource } from '@/lib/import/open-row-source';
import type { PlacedRowError } from '@/lib/import/row-source';
import type { TImportJobOptions } from '@/lib/import/schemas';
import { storableJson, storableText } from '@/lib/import/storable-text';
import { log } from '@/lib/log';

const NOW_UTC = `(now() AT TIME ZONE 'UTC')`;

/** Progress is written at most this often (a write per batch would double the import's queries). */
const PROGRESS_INTERVAL_MS = 1000;
/** A zip may inflate to this many times the upload limit (dataset shards compress little; JSON a lot). */
export const ZIP_INFLATE_FACTOR = 4;

/**
 * Runs an import job to its end, independent of any request: opens the file (JSON Lines, Parquet,
 * a dataset folder or a zip of one), imports it with importFile and writes its progress, refused
 * rows (lenient imports) and outcome to its row, so any instance can show them. The job's own
 * writes happen outside the import's transaction (they must be seen while it runs). `remove`
 * deletes the upload afterwards. Never throws: a failure is recorded as FAILED.
 */
export async function runImportJob(options: {
  jobId: string;
  path: string;
  remove?: () => Promise<void>;
  onProgress?: (progress: ImportProgress & { totalRows: number | null; totalBytes: number }) => void;
}): Promise<ImportOutcome | { ok: false; failed: string; status: number }> {
  const pool = getPgPool();
  let close = async () => {};
  try {
    const job = await getSql()
      .selectFrom('import_jobs')
      .select(['projectId', 'createdById', 'options'])
      .where('id', '=', options.jobId)
      // The JSON column holds what createImportJob stored: a parsed TImportJobOptions.
      .$narrowType<{ options: TImportJobOptions }>()
      .executeTakeFirst();
    if (!job) throw new Error(`No import job ${options.jobId}`);
    const opened = await openRowSource({
      path: options.path,
      ...(job.options.config ? { config: job.options.config } : {}),
      maxZipBytes: getEnv().IMPORT_MAX_BYTES * ZIP_INFLATE_FACTOR,
    });
    close = opened.close;
    const { source } = opened;
    await pool.query(
      `UPDATE import_jobs SET container = $2, "rowsTotal" = $3, "bytesTotal" = $4, "heartbeatAt" = ${NOW_UTC} WHERE id = $1`,
      [options.jobId, source.container, source.totalRows, source.totalBytes],
    );

    let phase: ImportProgress['phase'] = 'validate';
    let checked = 0;
    let last = 0;
    let seq = 0;
    const outcome = await importFile({
      projectId: job.projectId,
      actorId: job.createdById,
      format: job.options.format,
      withLabels: job.options.withLabels,
      skipInvalid: job.options.skipInvalid,
      source,
      onRejects: (rejects) => storeRejects(options.jobId, rejects, seq, (n) => (seq = n)),
      onProgress: async (progress) => {
        options.onProgress?.({
          ...progress,
          totalRows: progress.phase === 'write' ? checked : source.totalRows,
          totalBytes: source.totalBytes,
        });
        const switched = progress.phase !== phase;
        if (progress.phase === 'validate') checked = progress.rows;
        if (!switched && !progress.done && Date.now() - last < PROGRESS_INTERVAL_MS) return;
        last = Date.now();
        phase = progress.phase;
        await pool.query(
          progress.phase === 'validate'
            ? `UPDATE import_jobs SET "rowsChecked" = $2, "bytesRead" = $3, format = $4, "heartbeatAt" = ${NOW_UTC} WHERE id = $1 AND status = 'CHECKING'`
            : `UPDATE import_jobs SET status = 'WRITING', "rowsWritten" = $2, "rowsTotal" = $4, format = $3,
                  "phaseStartedAt" = CASE WHEN status = 'CHECKING' THEN ${NOW_UTC} ELSE "phaseStartedAt" END, "heartbeatAt" = ${NOW_UTC}
                WHERE id = $1 AND status IN ('CHECKING', 'WRITING')`,
          progress.phase === 'validate'
            ? [options.jobId, progress.rows, progress.bytes, progress.format]
            : [options.jobId, progress.rows, progress.format, checked],
        );
      },
    });
    if (outcome.ok) {
      const s = outcome.summary;
      await pool.query(
        `UPDATE import_jobs SET status = 'DONE', summary = $2, format = $3, "rowsChecked" = $4, "rowsWritten" = $4, "rowsTotal" = $4, "rowsRejected" = $5, "finishedAt" = ${NOW_UTC}, "heartbeatAt" = ${NOW_UTC} WHERE id = $1`,
        [options.jobId, storableJson(s), s.format, s.rows, s.rejected?.rows ?? 0],
      );
    } else {
      await pool.query(
        `UPDATE import_jobs SET status = 'REFUSED', errors = $2, format = $3, "rowsChecked" = $4, "finishedAt" = ${NOW_UTC}, "heartbeatAt" = ${NOW_UTC} WHERE id = $1`,
        [options.jobId, storableJson({ errorCount: outcome.errorCount, errors: outcome.errors }), outcome.format, outcome.rows],
      );
      // A refused import keeps no rejects file: nothing was imported, the errors say it all.
      await pool.query(`DELETE FROM import_rejects WHERE "jobId" = $1`, [options.jobId]);
    }
    return outcome;
  } catch (error) {
    // The file's own problems (a bad zip, a dataset card naming no files) are the person's to fix; anything else is ours.
    const message = isAppError(error) ? storableText(error.message) : 'The import failed on our side; nothing was written. Try again.';
    if (!isAppError(error)) log.error('import job failed', { error, jobId: options.jobId });
    await pool
      .query(
        `UPDATE import_jobs SET status = 'FAILED', error = $2, "finishedAt" = ${NOW_UTC}, "heartbeatAt" = ${NOW_UTC} WHERE id = $1 AND status IN ('CHECKING', 'WRITING')`,
        [options.jobId, message],
      )
      .catch((e: unknown) => log.error('import job: recording the failure failed', { error: e, jobId: options.jobId }));
    await pool.query(`DELETE FROM import_rejects WHERE "jobId" = $1`, [options.jobId]).catch(() => undefined);
    return { ok: false, failed: message, status: isAppError(error) ? error.status : 500 };
  } finally {
    await close().catch(() => undefined);
    await options.remove?.().catch(() => undefined);
  }
}

async function storeRejects(jobId: string, rejects: PlacedRowError[], seq: number, setSeq: (n: number) => void) {
  const seqs = rejects.map((_, i) => seq + i + 1);
  setSeq(seq + rejects.length);
  await getPgPool().query(
    `INSERT INTO import_rejects ("jobId", seq, line, file, path, message)
     SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[])`,
    [
      jobId,
      seqs,
      rejects.map((r) => r.line),
      rejects.map((r) => (r.file === undefined ? null : storableText(r.file))),
      rejects.map((r) => storableText(r.path)),
      rejects.map((r) => storableText(r.message)),
    ],
  );
}
