import 'server-only';
import { decode } from 'next-auth/jwt';
import { escapeLiteral } from 'pg';
import type { TRole } from '@/lib/auth/schemas';
import { executeSql, getPgPool, type Guard } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';

export type ProjectLabeler = { userId: string; role: TRole };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the labeler checks read of a request (a Web Request, or the lane's node:http request). */
type RequestHeaders = { headers: { get(name: string): string | null } };

/** The next-auth session cookie of the request (joined when next-auth split it into chunks), or null. */
function sessionCookie(request: RequestHeaders): string | null {
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

/** A labeler API request's session as its cookie says (decoded, not yet checked against the database). */
export type LabelerSession = { userId: string; sessionVersion: number | null };

/** The request's session cookie decoded (no database); 401 when there is none, or it does not decode or has expired. */
export async function readLabelerSession(request: RequestHeaders): Promise<LabelerSession> {
  const cookie = sessionCookie(request);
  const claims = cookie ? await decodeSession(cookie) : null;
  const uid = claims?.uid;
  if (typeof uid !== 'string' || !UUID.test(uid)) throw new AppError('UNAUTHENTICATED', 'You are signed out: sign in again');
  // Anything but a 32-bit integer matches no stored session version (refused as signed out).
  const sv = claims?.sv;
  return { userId: uid, sessionVersion: typeof sv === 'number' && Number.isInteger(sv) && Math.abs(sv) < 2 ** 31 ? sv : null };
}

const REFUSALS: Record<string, (detail: string | undefined) => AppError> = {
  PLA01: () => new AppError('UNAUTHENTICATED', 'You are signed out: sign in again'),
  PLA04: () => new AppError('NOT_FOUND', 'No such project'),
  PLA03: (role) => new AppError('FORBIDDEN', `Your role (${role || 'unknown'}) does not label`),
};

/** The AppError for a refusal raised by the access statement (ACCESS), or null for any other error. */
export function accessRefusal(error: unknown): AppError | null {
  const { code, detail } = (error ?? {}) as { code?: unknown; detail?: string };
  return typeof code === 'string' && code in REFUSALS ? (REFUSALS[code]?.(detail) ?? null) : null;
}

/**
 * The access rule as one statement ($1 the user, $2 the project, $3 the session version): one row,
 * the role, when the user may label in the project; otherwise it fails through labeler_api_refuse
 * (migration labeler_api_access) with the refusal's SQLSTATE, in this order: signed out (missing,
 * inactive, another session version), no such project for them (none, or not a member and not an
 * admin), a role that does not label.
 */
const ACCESS = `SELECT CASE
    WHEN u.id IS NULL OR NOT u.active OR u."sessionVersion" IS DISTINCT FROM $3::int THEN labeler_api_refuse('PLA01', NULL)
    WHEN p.id IS NULL OR (m.id IS NULL AND u.role <> 'ADMIN') THEN labeler_api_refuse('PLA04', NULL)
    WHEN u.role NOT IN ('ADMIN', 'LABELER', 'LEAD') THEN labeler_api_refuse('PLA03', u.role::text)
    ELSE u.role::text END AS role
  FROM (SELECT 1) one
  LEFT JOIN users u ON u.id = $1::uuid
  LEFT JOIN projects p ON p.id = $2::uuid
  LEFT JOIN memberships m ON m."projectId" = p.id AND m."userId" = u.id`;

/**
 * The access check of `session` in the project (ACCESS) for withTransaction's `guard`, so it leads
 * the transaction's first round trip: EXECUTE of a statement PREPAREd once per connection (in that
 * round trip, before the guard), values as literals (a checked UUID, an integer). A project id that
 * is no id matches no project.
 */
export function labelerAccessGuard(session: LabelerSession, projectId: string): Guard {
  const project = UUID.test(projectId) ? escapeLiteral(projectId) : 'NULL';
  const sv = session.sessionVersion === null ? 'NULL' : String(session.sessionVersion);
  const prepared = { tx_labeler_access: ACCESS };
  return {
    prepared,
    sql: executeSql(prepared, 'tx_labeler_access', [escapeLiteral(session.userId), project, sv]),
    refused: (error) => accessRefusal(error) !== null,
  };
}

/**
 * The signed-in user of a labeler API request when they may label in the project: a member with
 * role LABELER or LEAD, or an admin. As getSessionUser does for pages, the user is re-read on every
 * request (active, session version, role), here in the same statement as the membership (ACCESS,
 * which the claim and the submit also run first in their own transaction: labelerAccessGuard).
 * 401 signed out, 404 for a project they may not see, 403 for another role. A paused member
 * passes: the claim refuses them (claimRankingTask), other routes serve their past work.
 */
export async function requireLabelerAccess(options: { request: RequestHeaders; projectId: string }): Promise<ProjectLabeler> {
  const session = await readLabelerSession(options.request);
  // Named: each connection plans it once (it runs on every labeler API request).
  const { rows } = await getPgPool()
    .query<{ role: TRole }>({
      name: 'labeler-access',
      text: ACCESS,
      values: [session.userId, UUID.test(options.projectId) ? options.projectId : null, session.sessionVersion],
    })
    .catch((error: unknown) => {
      throw accessRefusal(error) ?? error;
    });
  const role = rows[0]?.role;
  if (!role) throw new Error('the access statement returned no role');
  return { userId: session.userId, role };
}
