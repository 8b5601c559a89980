import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { encryptWebhookSecret, generateWebhookSecret } from '@/lib/webhooks/webhook-secret';
import type { TSetWebhook } from '@/lib/webhooks/schemas';

/**
 * Sets the project's trainer webhook URL with a newly generated signing secret (every save
 * rotates it), returned here once and stored only encrypted. Audited without the secret.
 */
export async function setProjectWebhook(options: {
  actorId: string | null;
  projectId: string;
  input: TSetWebhook;
}): Promise<{ secret: string }> {
  const secret = generateWebhookSecret();
  const stored = {
    url: options.input.url,
    secretEncrypted: encryptWebhookSecret(secret),
    secretPrefix: secret.slice(0, 10),
    createdById: options.actorId,
  };
  await getDb().$transaction(async (tx) => {
    const webhook = await tx.projectWebhook.upsert({
      where: { projectId: options.projectId },
      create: { projectId: options.projectId, ...stored },
      update: stored,
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'webhook.set',
      projectId: options.projectId,
      targetType: 'project_webhook',
      targetId: webhook.id,
      data: { url: options.input.url },
    });
  });
  return { secret };
}
