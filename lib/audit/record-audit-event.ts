import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/lib/db';

/** Appends an audit row inside the caller's transaction, so the action and its record commit together. */
export async function recordAuditEvent(
  tx: Tx,
  event: {
    actorId: string | null;
    action: string;
    projectId?: string | null;
    targetType?: string;
    targetId?: string;
    data?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: event.actorId,
      action: event.action,
      projectId: event.projectId ?? null,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      data: event.data ?? {},
    },
  });
}
