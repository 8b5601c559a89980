import { Readable } from 'node:stream';
import { readImportRejects } from '@/lib/import/read-import-rejects';

/**
 * The rejects file of a job as a download: JSON Lines, one {"line", "file"?, "field", "reason"} per
 * refused row and field, streamed from the database. The caller has checked the job is the project's.
 */
export function serveImportRejects(options: { jobId: string }): Response {
  async function* bytes() {
    for await (const text of readImportRejects(options)) yield Buffer.from(text, 'utf8');
  }
  const body = Readable.toWeb(Readable.from(bytes())) as ReadableStream<Uint8Array>;
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="import-rejects-${options.jobId}.jsonl"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
