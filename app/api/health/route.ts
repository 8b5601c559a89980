import { getDb } from '@/lib/db';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

/** Public liveness and database check for load balancers: 200 when PostgreSQL answers, 503 otherwise. */
export async function GET() {
  const started = Date.now();
  try {
    await getDb().$queryRaw`SELECT 1`;
    return Response.json({ status: 'ok', database: 'up', latencyMs: Date.now() - started }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    log.error('health check: database unreachable', { error });
    return Response.json({ status: 'error', database: 'down' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
}
