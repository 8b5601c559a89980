import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TEventWebhookInput } from '@/lib/webhooks/schemas';
import { encryptWebhookSecret, generateWebhookSecret } from '@/lib/webhooks/webhook-secret';

/** Endpoints per project: enough for a few receivers, bounded so one project cannot fan an event out without end. */
export const MAX_EVENT_WEBHOOKS = 10;

/**
 * Subscribes a new endpoint of the project to events, with a newly generated signing secret
 * returned here once (stored only encrypted). Audited without the secret.
 */
export async function createEventWebhook(options: {
  actorId: string | null;
  projectId: string;
  input: TEventWebhookInput;
}): Promise<{ id: string; secret: string }> {
  const secret = generateWebhookSecret();
  const id = await getDb().$transaction(async (tx) => {
    // Serialises creations of one project so the limit holds.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(30, hashtext(${options.projectId}))`;
    const count = await tx.eventWebhook.count({ where: { projectId: options.projectId } });
    if (count >= MAX_EVENT_WEBHOOKS)
      throw new AppError('CONFLICT', `A project has at most ${MAX_EVENT_WEBHOOKS} event webhooks: remove one first.`);
    const created = await tx.eventWebhook.create({
      data: {
        projectId: options.projectId,
        url: options.input.url,
        description: options.input.description,
        events: options.input.events,
        secretEncrypted: encryptWebhookSecret(secret),
        secretPrefix: secret.slice(0, 10),
        createdById: options.actorId,
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'event_webhook.create',
      projectId: options.projectId,
      targetType: 'event_webhook',
      targetId: created.id,
      data: { url: options.input.url, events: options.input.events },
    });
    return created.id;
  });
  return { id, secret };
}

/**
 * Changes an endpoint's URL, description and events. The secret stays unless `rotateSecret`, which
 * returns the new one once. Deliveries already queued keep going to the endpoint's new URL.
 */
export async function updateEventWebhook(options: {
  actorId: string | null;
  projectId: string;
  webhookId: string;
  input: TEventWebhookInput;
  rotateSecret?: boolean;
}): Promise<{ secret: string | null }> {
  const secret = options.rotateSecret ? generateWebhookSecret() : null;
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.eventWebhook.updateMany({
      where: { id: options.webhookId, projectId: options.projectId },
      data: {
        url: options.input.url,
        description: options.input.description,
        events: options.input.events,
        ...(secret ? { secretEncrypted: encryptWebhookSecret(secret), secretPrefix: secret.slice(0, 10) } : {}),
      },
    });
    if (count === 0) throw new AppError('NOT_FOUND', 'That webhook no longer exists.');
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'event_webhook.update',
      projectId: options.projectId,
      targetType: 'event_webhook',
      targetId: options.webhookId,
      data: { url: options.input.url, events: options.input.events, rotatedSecret: Boolean(secret) },
    });
  });
  return { secret };
}

/** Removes an endpoint and its delivery log; nothing pending is sent to it afterwards. */
export async function removeEventWebhook(options: {
  actorId: string | null;
  projectId: string;
  webhookId: string;
}): Promise<{ removed: boolean }> {
  return getDb().$transaction(async (tx) => {
    const webhook = await tx.eventWebhook.findFirst({
      where: { id: options.webhookId, projectId: options.projectId },
      select: { url: true },
    });
    if (!webhook) return { removed: false };
    await tx.eventWebhook.delete({ where: { id: options.webhookId } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'event_webhook.remove',
      projectId: options.projectId,
      targetType: 'event_webhook',
      targetId: options.webhookId,
      data: { url: webhook.url },
    });
    return { removed: true };
  });
}

/**
 * Queues a "ping" delivery to one endpoint (the envelope only), signed and retried like any event,
 * so a lead can check the receiver from the Webhooks page.
 */
export async function sendEventWebhookPing(options: { projectId: string; webhookId: string }): Promise<{ eventId: string }> {
  const rows = await getDb().$queryRaw<{ eventId: string }[]>`
    INSERT INTO webhook_deliveries ("eventWebhookId", "projectId", event, "eventId", payload, "nextAttemptAt", "createdAt")
    SELECT e.id, e."projectId", 'ping', x.id,
           jsonb_build_object('event', 'ping', 'event_id', x.id, 'occurred_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                              'project_id', e."projectId"),
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM event_webhooks e CROSS JOIN (SELECT gen_random_uuid() AS id) x
     WHERE e.id = ${options.webhookId}::uuid AND e."projectId" = ${options.projectId}::uuid
    RETURNING "eventId"`;
  if (!rows[0]) throw new AppError('NOT_FOUND', 'That webhook no longer exists.');
  return { eventId: rows[0].eventId };
}
