import { csvLine } from '@/lib/csv';
import { getDb } from '@/lib/db';
import { findAuditEvents, type AuditRow, type TRole } from '@/lib/audit/find-audit-events';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { ZAuditFilters } from '@/lib/audit/schemas';

const text = (status: number, message: string) =>
  new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

export const AUDIT_CSV_COLUMNS = [
  'id',
  'created_at',
  'actor_email',
  'actor_name',
  'action',
  'project_id',
  'project',
  'target_type',
  'target_id',
  'data',
];

const csvRow = (r: AuditRow) =>
  csvLine([
    r.id,
    r.createdAt.toISOString(),
    r.actorEmail,
    r.actorName,
    r.action,
    r.projectId,
    r.projectName,
    r.targetType,
    r.targetId,
    JSON.stringify(r.data),
  ]);
const jsonRow = (r: AuditRow) =>
  `${JSON.stringify({ id: r.id, createdAt: r.createdAt.toISOString(), actor: r.actorEmail, actorName: r.actorName, action: r.action, projectId: r.projectId, project: r.projectName, targetType: r.targetType, targetId: r.targetId, data: r.data })}\n`;

/**
 * GET /audit/export?format=csv|jsonl&<filters>: every audit row the viewer may read under the
 * filters (the page's), newest first, streamed in keyset pages of 1000. The download is itself
 * audited (audit.export, with its filters). 401 signed out, 403 for labelers and researchers.
 */
export async function serveAuditExport(options: { viewer: { id: string; role: TRole } | null; url: URL }): Promise<Response> {
  const { viewer, url } = options;
  if (!viewer) return text(401, 'You are signed out: sign in again, then download the audit log.');
  if (viewer.role !== 'ADMIN' && viewer.role !== 'LEAD') return text(403, 'Only admins and leads may read the audit log');
  const format = url.searchParams.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') return text(400, 'format: csv or jsonl');
  const parsed = ZAuditFilters.safeParse(Object.fromEntries([...url.searchParams.entries()].filter(([k]) => k !== 'format')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return text(400, `${String(issue.path[0] ?? 'filter')}: ${issue.message}`);
  }
  const filters = parsed.data;
  await getDb().$transaction((tx) =>
    recordAuditEvent(tx, { actorId: viewer.id, action: 'audit.export', data: { format, filters: { ...filters } } }),
  );
  const encoder = new TextEncoder();
  let before = filters.before;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started && format === 'csv') controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_COLUMNS)));
      started = true;
      const { rows, next } = await findAuditEvents({ viewer, filters: { ...filters, ...(before ? { before } : {}) }, limit: 1000 });
      controller.enqueue(encoder.encode(rows.map(format === 'csv' ? csvRow : jsonRow).join('')));
      if (next === null) controller.close();
      else before = next;
    },
  });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="audit-log-${stamp}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
