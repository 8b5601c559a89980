import { serveAuditExport } from '@/lib/audit/serve-audit-export';
import { getSessionUser } from '@/lib/auth/session';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** GET /audit/export?format=csv|jsonl&filters… — the audit log page's rows, for admins (all) and leads (their projects). */
export async function GET(request: Request) {
  try {
    return await serveAuditExport({ viewer: await getSessionUser(), url: new URL(request.url) });
  } catch (error) {
    log.error('audit export failed', { error });
    return new Response('Something went wrong on our side. Try again.', {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}
