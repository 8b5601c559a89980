import { getDb } from '@/lib/db';

/** The project's webhook for the Export page (URL and secret prefix, never the secret) with its latest deliveries. */
export function getProjectWebhook(options: { projectId: string; deliveries?: number }) {
  return getDb().projectWebhook.findUnique({
    where: { projectId: options.projectId },
    select: {
      url: true,
      secretPrefix: true,
      createdAt: true,
      updatedAt: true,
      deliveries: {
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: options.deliveries ?? 10,
        select: {
          id: true,
          snapshotId: true,
          event: true,
          status: true,
          attempts: true,
          lastStatusCode: true,
          lastError: true,
          lastAttemptAt: true,
          nextAttemptAt: true,
          deliveredAt: true,
          createdAt: true,
        },
      },
    },
  });
}
