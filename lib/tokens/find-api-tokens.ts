import { getDb } from '@/lib/db';

/** The user's own API tokens, newest first, for their account page. Never the hash: only the prefix identifies one. */
export function findApiTokens(options: { userId: string }) {
  return getDb().apiToken.findMany({
    where: { userId: options.userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      project: { select: { id: true, slug: true, name: true } },
    },
  });
}
