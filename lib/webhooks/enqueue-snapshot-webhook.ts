import type { PoolClient } from 'pg';

/**
 * The snapshot's manifest as the webhook needs it: sent whole in the payload, its project and format
 * also on top. Typed here rather than imported, as lib/export calls down into this floor.
 */
type ManifestForWebhook = { project: { id: string; slug: string; name: string }; format: string };

/** Where a token holder downloads a snapshot (relative to the app's base URL). */
export const snapshotDownloadPath = (projectId: string, snapshotId: string) =>
  `/api/v1/projects/${projectId}/snapshots/${snapshotId}/download`;

/**
 * Queues the "snapshot.ready" notification for the project's trainer webhook, if it has one, and
 * for its event webhooks subscribed to it (webhook_emit: one event id for them all), in the caller's
 * transaction (the one marking the snapshot ready), due at once.
 */
export async function enqueueSnapshotWebhook(
  client: PoolClient,
  input: { projectId: string; snapshotId: string; manifest: ManifestForWebhook },
): Promise<void> {
  const payload = {
    event: 'snapshot.ready',
    snapshot_id: input.snapshotId,
    project: input.manifest.project,
    format: input.manifest.format,
    manifest: input.manifest,
    download_path: snapshotDownloadPath(input.projectId, input.snapshotId),
  };
  await client.query(
    `INSERT INTO webhook_deliveries ("webhookId", "projectId", "snapshotId", event, payload, "nextAttemptAt", "createdAt")
     SELECT w.id, w."projectId", $2, 'snapshot.ready', $3, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM project_webhooks w WHERE w."projectId" = $1`,
    [input.projectId, input.snapshotId, JSON.stringify(payload)],
  );
  const { event: _event, ...eventPayload } = payload;
  await client.query(`SELECT webhook_emit($1, 'snapshot.ready', $2)`, [input.projectId, JSON.stringify(eventPayload)]);
}
