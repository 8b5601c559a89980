import { expect, request, type APIRequestContext, type APIResponse } from '@playwright/test';
import type { TRole } from '@/lib/auth/schemas';
import type { MatrixRole, Outcome } from '../tests/security/authorization-matrix';
import { createApiToken } from '@/lib/tokens/create-api-token';
import type { SnapshotMaker, World } from '../tests/security/world';

/** Where each role lands after signing in (lib/auth/session.ts homeFor, which is server-only). */
const HOME: Record<TRole, string> = { ADMIN: '/admin/users', LEAD: '/projects', RESEARCHER: '/projects', LABELER: '/label' };
export const homeFor = (role: TRole) => HOME[role];

export const SESSION_COOKIE = 'next-auth.session-token';

/** The base URL npm test serves the app on. */
export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set');
  return url;
}

/**
 * A request context signed in through next-auth's real credentials flow (CSRF token, then the
 * callback), as the sign-in form does, against `base` (another app instance when given).
 */
export async function signInOverHttp(
  email: string,
  password: string,
  options: { base?: string; headers?: Record<string, string> } = {},
): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL: options.base ?? baseUrl(), extraHTTPHeaders: options.headers ?? {} });
  const response = await postCredentials(context, email, password);
  expect(response.status(), `sign-in of ${email}`).toBeLessThan(400);
  expect(await sessionCookie(context), `session cookie of ${email}`).toBeTruthy();
  return context;
}

/** POST /api/auth/callback/credentials with a fresh CSRF token; the response as next-auth gives it (no redirects followed). */
export async function postCredentials(context: APIRequestContext, email: string, password: string): Promise<APIResponse> {
  const { csrfToken } = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  return context.post('/api/auth/callback/credentials', { form: { csrfToken, email, password, json: 'true' }, maxRedirects: 0 });
}

export async function sessionCookie(context: APIRequestContext): Promise<string | undefined> {
  return (await context.storageState()).cookies.find((c) => c.name === SESSION_COOKIE)?.value;
}

/** The outcome a response shows, in the matrix's words: a status, or 'login'/'home' for a redirect there. */
export function outcomeOf(response: APIResponse, role: MatrixRole, world: World): Outcome | string {
  const status = response.status();
  if (status >= 300 && status < 400) {
    const location = response.headers()['location'] ?? '';
    const target = new URL(location, baseUrl()).pathname;
    if (target === '/login') return 'login';
    if (role !== 'anon' && target === homeFor(world.users[role].role)) return 'home';
    if (status === 302) return 302;
    return `${status} → ${target}`;
  }
  return status as Outcome;
}

/** A ready raw snapshot made through the export API with the researcher's token (the app builds it after answering). */
export const snapshotOverHttp: SnapshotMaker = async ({ projectId, researcher }) => {
  const { token } = await createApiToken({ actorId: null, input: { userId: researcher.id, name: 'world snapshot', scopes: ['export'] } });
  const context = await request.newContext({ baseURL: baseUrl(), extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  try {
    const created = await context.post(`/api/v1/projects/${projectId}/snapshots`, { data: { format: 'raw' } });
    expect(created.status()).toBe(202);
    const { snapshot } = (await created.json()) as { snapshot: { id: string } };
    await expect
      .poll(
        async () =>
          ((await (await context.get(`/api/v1/projects/${projectId}/snapshots/${snapshot.id}`)).json()) as { snapshot: { status: string } })
            .snapshot.status,
        { timeout: 30_000 },
      )
      .toBe('ready');
    return snapshot.id;
  } finally {
    await context.dispose();
  }
};
