import { getDb } from '@/lib/db';
import type { Prisma } from '@/generated/prisma/client';
import { maskWebhookUrl } from '@/lib/webhooks/mask-webhook-url';

/** What a delivery log shows of each delivery (the trainer webhook's on the Export page, an event webhook's on the Webhooks page). */
export const DELIVERY_LOG_FIELDS = {
  id: true,
  event: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastError: true,
  lastAttemptAt: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} satisfies Prisma.WebhookDeliverySelect;

/**
 * The project's webhook for the Export page (URL and secret prefix, never the secret) with its
 * latest deliveries. The URL is whole only with `revealUrl` (leads, who set it); everyone else gets
 * its scheme and host (maskWebhookUrl), since its path and query often hold the receiver's secret.
 */
export async function getProjectWebhook(options: { projectId: string; revealUrl: boolean; deliveries?: number }) {
  const webhook = await getDb().projectWebhook.findUnique({
    where: { projectId: options.projectId },
    select: {
      url: true,
      secretPrefix: true,
      createdAt: true,
      updatedAt: true,
      deliveries: {
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: options.deliveries ?? 10,
        select: { ...DELIVERY_LOG_FIELDS, snapshotId: true },
      },
    },
  });
  return webhook && !options.revealUrl ? { ...webhook, url: maskWebhookUrl(webhook.url) } : webhook;
}
