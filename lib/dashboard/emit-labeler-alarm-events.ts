import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { withTransaction } from '@/lib/db';

/**
 * "labeler.alarm" events (issue 30): for each project with an endpoint subscribed to them, the
 * labelers table's alarms (low agreement, position bias: lib/dashboard/labeler-alarms.ts) are
 * compared with those already announced (webhook_event_keys "alarm:<user>:<alarm>"): a new one is
 * emitted once, a cleared one is forgotten so that raising it again is news again. Run by the
 * minute's export sweep on any instance; a project another instance is checking is skipped
 * (transaction-level try-lock), and the key insert makes a double emission impossible anyway.
 * Returns the events emitted.
 */
export async function emitLabelerAlarmEvents(options: { projectId?: string } = {}): Promise<{ emitted: number }> {
  let emitted = 0;
  const projects = await withTransaction(async (client) => {
    const { rows } = await client.query<{ projectId: string }>(
      `SELECT DISTINCT "projectId" FROM event_webhooks WHERE 'labeler.alarm' = ANY (events) AND ($1::uuid IS NULL OR "projectId" = $1::uuid)`,
      [options.projectId ?? null],
    );
    return rows.map((r) => r.projectId);
  });
  for (const projectId of projects) {
    // Read before the transaction: the labelers table refreshes stale numbers and folds rollups itself.
    const labelers = await findLabelerQuality({ projectId });
    emitted += await withTransaction(async (client) => {
      const { rows: lock } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(31, hashtext($1)) AS locked', [
        projectId,
      ]);
      if (!lock[0]?.locked) return 0;
      const raised = labelers.flatMap((l) =>
        l.alarms.map((alarm) => ({
          key: `alarm:${l.userId}:${alarm}`,
          payload: {
            labeler_user_id: l.userId,
            alarm,
            rate: alarm === 'low_agreement' ? l.looAgreement.rate : l.positionBias.rate,
            compared: alarm === 'low_agreement' ? l.looAgreement.compared : l.positionBias.compared,
            labels: l.labels,
          },
        })),
      );
      const keys = raised.map((r) => r.key);
      await client.query(`DELETE FROM webhook_event_keys WHERE "projectId" = $1 AND key LIKE 'alarm:%' AND NOT (key = ANY ($2::text[]))`, [
        projectId,
        keys,
      ]);
      const { rows: fresh } = await client.query<{ key: string }>(
        `INSERT INTO webhook_event_keys ("projectId", key, "createdAt")
         SELECT $1, k, now() AT TIME ZONE 'UTC' FROM unnest($2::text[]) AS k
         ON CONFLICT DO NOTHING RETURNING key`,
        [projectId, keys],
      );
      const news = new Set(fresh.map((r) => r.key));
      const toEmit = raised.filter((r) => news.has(r.key));
      for (const r of toEmit) await client.query(`SELECT webhook_emit($1, 'labeler.alarm', $2)`, [projectId, JSON.stringify(r.payload)]);
      return toEmit.length;
    });
  }
  return { emitted };
}
