import { getSql } from '@/lib/db';

const PAGE = 2000;

/**
 * The rejects file of a lenient import job: one JSON object per refused row and field,
 * {"line", "file"?, "field", "reason"}, in the order they were found, read in pages (bounded memory).
 */
export async function* readImportRejects(options: { jobId: string }): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const rows = await getSql()
      .selectFrom('import_rejects')
      .select(['seq', 'line', 'file', 'path', 'message'])
      .where('jobId', '=', options.jobId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (rows.length === 0) return;
    yield rows
      .map((r) => `${JSON.stringify({ line: r.line, ...(r.file === null ? {} : { file: r.file }), field: r.path, reason: r.message })}\n`)
      .join('');
    after = rows[rows.length - 1]!.seq;
  }
}
