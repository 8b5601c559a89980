import { getDb } from '@/lib/db';
import { DELIVERY_LOG_FIELDS } from '@/lib/webhooks/get-project-webhook';
import { maskWebhookUrl } from '@/lib/webhooks/mask-webhook-url';

/**
 * The project's event webhooks for the Webhooks page (URL, events, secret prefix, never the secret),
 * each with its latest deliveries and their attempt log. URLs are whole only with `revealUrl`
 * (leads); others get scheme and host, as for the trainer webhook.
 */
export async function findEventWebhooks(options: { projectId: string; revealUrl: boolean; deliveries?: number }) {
  const webhooks = await getDb().eventWebhook.findMany({
    where: { projectId: options.projectId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      url: true,
      description: true,
      events: true,
      secretPrefix: true,
      createdAt: true,
      updatedAt: true,
      deliveries: {
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: options.deliveries ?? 20,
        select: { ...DELIVERY_LOG_FIELDS, eventId: true, attemptLog: true },
      },
    },
  });
  return options.revealUrl ? webhooks : webhooks.map((w) => ({ ...w, url: maskWebhookUrl(w.url) }));
}

export type EventWebhookView = Awaited<ReturnType<typeof findEventWebhooks>>[number];
