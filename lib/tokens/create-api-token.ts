import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { hashToken, newToken } from '@/lib/auth/secret-token';
import { API_TOKEN_PREFIX } from '@/lib/auth/token-scopes';
import type { TCreateApiToken } from '@/lib/tokens/schemas';

/** Creates a bearer token for machine clients; the secret is returned once and stored hashed. */
export async function createApiToken(options: { actorId: string | null; input: TCreateApiToken }) {
  const { input } = options;
  const token = `${API_TOKEN_PREFIX}${newToken()}`;
  return getDb().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, active: true } });
    if (!user?.active) throw new AppError('NOT_FOUND', 'No active user for this token');
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 10),
        userId: user.id,
        projectId: input.projectId ?? null,
        scopes: input.scopes,
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      },
      select: { id: true, prefix: true, scopes: true, expiresAt: true },
    });
    await recordAuditEvent(tx, {
      actorId: options.actorId,
      action: 'token.create',
      projectId: input.projectId ?? null,
      targetType: 'api_token',
      targetId: created.id,
      data: { userId: user.id, scopes: input.scopes },
    });
    return { ...created, token };
  });
}
