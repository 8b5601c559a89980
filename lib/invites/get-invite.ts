import { getDb } from '@/lib/db';
import { hashToken } from '@/lib/auth/secret-token';

export type InviteState = { status: 'valid'; email: string; projectName: string | null } | { status: 'used' | 'expired' | 'unknown' };

/** What the invite page may show for a token: who it is for, or why it no longer works. */
export async function getInvite(options: { token: string }): Promise<InviteState> {
  if (options.token.length < 20 || options.token.length > 200) return { status: 'unknown' };
  const invite = await getDb().invite.findUnique({
    where: { tokenHash: hashToken(options.token) },
    select: { email: true, usedAt: true, expiresAt: true, project: { select: { name: true } } },
  });
  if (!invite) return { status: 'unknown' };
  if (invite.usedAt) return { status: 'used' };
  if (invite.expiresAt <= new Date()) return { status: 'expired' };
  return { status: 'valid', email: invite.email, projectName: invite.project?.name ?? null };
}
