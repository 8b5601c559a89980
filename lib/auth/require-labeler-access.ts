import 'server-only';
import { decode } from 'next-auth/jwt';
import type { TRole } from '@/lib/auth/schemas';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

export type ProjectLabeler = { userId: string; role: TRole };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The next-auth session cookie of the request (joined when next-auth split it into chunks), or null. */
function sessionCookie(request: Request): string | null {
  // next-auth uses the __Secure- name exactly when NEXTAUTH_URL is https (lib/auth/options.ts sets no override).
  const name = getEnv().NEXTAUTH_URL?.startsWith('https://') ? '__Secure-next-auth.session-token' : 'next-auth.session-token';
  const chunks: [number, string][] = [];
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    if (key === name || key.startsWith(`${name}.`)) chunks.push([Number(key.slice(name.length + 1) || 0), part.slice(eq + 1).trim()]);
  }
  return chunks.length
    ? chunks
        .sort((a, b) => a[0] - b[0])
        .map(([, v]) => v)
        .join('')
    : null;
}

type Claims = { uid?: unknown; sv?: unknown; exp?: unknown };

/**
 * Decoded session cookies. Decoding derives a key (HKDF) and decrypts on every call, about half a
 * millisecond of CPU, for the same cookie a labeler sends with every request; a cookie that
 * decoded once always decodes to the same claims, so only expiry is checked again.
 */
const decoded = new Map<string, Claims>();
const MAX_DECODED = 10_000;

async function decodeSession(cookie: string): Promise<Claims | null> {
  let claims = decoded.get(cookie);
  if (!claims) {
    claims = (await decode({ token: cookie, secret: getEnv().NEXTAUTH_SECRET }).catch(() => null)) ?? undefined;
    if (!claims) return null;
    if (decoded.size >= MAX_DECODED) decoded.delete(decoded.keys().next().value ?? '');
    decoded.set(cookie, claims);
  }
  // Same tolerance as next-auth's decode (jose, 15 s).
  return typeof claims.exp === 'number' && claims.exp * 1000 + 15_000 > Date.now() ? claims : null;
}

/**
 * The signed-in user of a labeler API request when they may label in the project: a member with
 * role LABELER or LEAD, or an admin. As getSessionUser does for pages, the user is re-read on every
 * request (active, session version, role), here in the same query as the membership.
 * 401 signed out, 404 for a project they may not see, 403 for another role. A paused member
 * passes: the claim refuses them (claimRankingTask), other routes serve their past work.
 */
export async function requireLabelerAccess(options: { request: Request; projectId: string }): Promise<ProjectLabeler> {
  const cookie = sessionCookie(options.request);
  const claims = cookie ? await decodeSession(cookie) : null;
  const uid = claims?.uid;
  if (typeof uid !== 'string' || !UUID.test(uid)) throw new AppError('UNAUTHENTICATED', 'You are signed out: sign in again');
  const projectId = UUID.test(options.projectId) ? options.projectId : null;
  // Named: each connection plans it once (it runs on every labeler API request).
  const { rows } = await getPgPool().query<{ role: TRole; active: boolean; sessionVersion: number; project: boolean; member: boolean }>({
    name: 'labeler-access',
    text: `SELECT u.role, u.active, u."sessionVersion", p.id IS NOT NULL AS project, m.id IS NOT NULL AS member
     FROM users u
     LEFT JOIN projects p ON p.id = $2
     LEFT JOIN memberships m ON m."projectId" = p.id AND m."userId" = u.id
     WHERE u.id = $1`,
    values: [uid, projectId],
  });
  const user = rows[0];
  if (!user || !user.active || user.sessionVersion !== claims?.sv)
    throw new AppError('UNAUTHENTICATED', 'You are signed out: sign in again');
  if (!user.project || (!user.member && user.role !== 'ADMIN')) throw new AppError('NOT_FOUND', 'No such project');
  if (user.role !== 'ADMIN' && user.role !== 'LABELER' && user.role !== 'LEAD')
    throw new AppError('FORBIDDEN', `Your role (${user.role}) does not label`);
  return { userId: uid, role: user.role };
}
