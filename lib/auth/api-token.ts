import type { TRole } from '@/lib/auth/schemas';
import { hashToken } from '@/lib/auth/secret-token';
import { recordTokenUse } from '@/lib/audit/record-token-use';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { API_TOKEN_PREFIX, hasTokenScope, type TTokenScope } from '@/lib/auth/token-scopes';

export type ApiActor = { tokenId: string; userId: string; role: TRole; scopes: string[]; projectId: string | null };

/**
 * The caller of a machine API from its `Authorization: Bearer pl_…` header: 401 when missing,
 * unknown, revoked or expired (or its user is deactivated); 403 without `scope`.
 */
export async function authenticateApiToken(authorization: string | null, scope: TTokenScope): Promise<ApiActor> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  const token = match?.[1];
  if (!token) throw new AppError('UNAUTHENTICATED', 'Missing bearer token: send "Authorization: Bearer <token>"');
  if (!token.startsWith(API_TOKEN_PREFIX)) throw new AppError('UNAUTHENTICATED', 'Invalid token');
  const found = await getDb().apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      scopes: true,
      projectId: true,
      revokedAt: true,
      expiresAt: true,
      user: { select: { id: true, role: true, active: true } },
    },
  });
  if (!found || found.revokedAt || !found.user.active) throw new AppError('UNAUTHENTICATED', 'Invalid or revoked token');
  if (found.expiresAt && found.expiresAt <= new Date()) throw new AppError('UNAUTHENTICATED', 'This token has expired');
  if (!hasTokenScope(found.scopes, scope)) throw new AppError('FORBIDDEN', `This token lacks the "${scope}" scope`);
  await recordTokenUse({ tokenId: found.id, userId: found.user.id, projectId: found.projectId, scope });
  return { tokenId: found.id, userId: found.user.id, role: found.user.role, scopes: found.scopes, projectId: found.projectId };
}

/** Refuses (403) unless the token's user may act on the project with one of `roles`: a member (admins: every project), and the token not bound elsewhere. */
export async function requireApiProjectAccess(actor: ApiActor, projectId: string, roles: TRole[]): Promise<void> {
  if (actor.projectId && actor.projectId !== projectId) throw new AppError('FORBIDDEN', 'This token is limited to another project');
  if (actor.role !== 'ADMIN' && !roles.includes(actor.role)) throw new AppError('FORBIDDEN', `Your role (${actor.role}) may not do this`);
  const project = await getDb().project.findUnique({ where: { id: projectId }, select: { id: true } });
  if (!project) throw new AppError('NOT_FOUND', 'No such project');
  if (actor.role === 'ADMIN') return;
  const member = await getDb().membership.findUnique({
    where: { projectId_userId: { projectId, userId: actor.userId } },
    select: { id: true },
  });
  if (!member) throw new AppError('FORBIDDEN', 'You are not a member of this project');
}
