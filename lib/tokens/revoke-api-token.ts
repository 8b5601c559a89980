import type { TRole } from '@/lib/auth/schemas';
import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TRevokeApiToken } from '@/lib/tokens/schemas';

/**
 * Revokes an API token at once (machine clients get 401 from then on). Users revoke their own
 * tokens; an admin may revoke anyone's. Someone else's token is reported as missing. Revoking
 * a revoked token changes nothing and audits nothing.
 */
export async function revokeApiToken(options: { actor: { id: string; role: TRole }; input: TRevokeApiToken }) {
  const { actor, input } = options;
  const mine = actor.role === 'ADMIN' ? { id: input.tokenId } : { id: input.tokenId, userId: actor.id };
  return getDb().$transaction(async (tx) => {
    // The conditional update decides who revoked it, so two racing revokes audit once.
    const { count } = await tx.apiToken.updateMany({ where: { ...mine, revokedAt: null }, data: { revokedAt: new Date() } });
    const token = await tx.apiToken.findFirst({ where: mine, select: { id: true, userId: true, projectId: true, revokedAt: true } });
    if (!token) throw new AppError('NOT_FOUND', 'No such token');
    if (count === 1) {
      await recordAuditEvent(tx, {
        actorId: actor.id,
        action: 'token.revoke',
        projectId: token.projectId,
        targetType: 'api_token',
        targetId: token.id,
        data: { userId: token.userId },
      });
    }
    return { id: token.id, revokedAt: token.revokedAt, changed: count === 1 };
  });
}
