import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';

/** Removes the project's webhook and its delivery log; nothing pending is sent afterwards. */
export async function removeProjectWebhook(options: { actorId: string | null; projectId: string }): Promise<{ removed: boolean }> {
  return getDb().$transaction(async (tx) => {
    const webhook = await tx.projectWebhook.findUnique({ where: { projectId: options.projectId }, select: { id: true, url: true } });
    if (!webhook) return { removed: false };
    await tx.projectWebhook.delete({ where: { id: webhook.id } });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'webhook.remove',
      projectId: options.projectId,
      targetType: 'project_webhook',
      targetId: webhook.id,
      data: { url: webhook.url },
    });
    return { removed: true };
  });
}
