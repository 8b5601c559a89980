import { getPgPool } from '@/lib/db';

const PAGE = 2000;

/**
 * The rejects file of a lenient import job: one JSON object per refused row and field,
 * {"line", "file"?, "field", "reason"}, in the order they were found, read in pages (bounded memory).
 */
export async function* readImportRejects(options: { jobId: string }): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const { rows } = await getPgPool().query<{ seq: number; line: number; file: string | null; path: string; message: string }>(
      `SELECT seq, line, file, path, message FROM import_rejects WHERE "jobId" = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [options.jobId, after, PAGE],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => `${JSON.stringify({ line: r.line, ...(r.file === null ? {} : { file: r.file }), field: r.path, reason: r.message })}\n`).join('');
    after = rows[rows.length - 1]!.seq;
  }
}
