/**
 * The server-action rows of tests/security/authorization-matrix.ts: every exported action of
 * app/**\/actions.ts is called as every role, with the real guards of lib/auth/session.ts and a real
 * database. Only where the session comes from is replaced: getServerSession (next-auth reads the
 * cookie through next/headers, which needs Next's request scope) hands out the role's user, as a
 * signed-in cookie would. Over HTTP, actions are POSTs with a build-specific Next-Action id, so they
 * are called as functions here; e2e/auth.spec.ts replays one over HTTP as well.
 * The input is deliberately empty: a guard that lets the caller through ends in a validation
 * answer (nothing written); one that refuses throws Next's redirect/forbidden/notFound signal.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { serverActions, ROOT } from '../security/app-surface';
import { AUTHORIZATION_MATRIX, entryKey, ROLES, type MatrixRole, type Outcome } from '../security/authorization-matrix';
import { makeWorld, type World } from '../security/world';

const session: { current: { user: { id: string; sv: number } } | null } = { current: null };
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}));
vi.mock('next/server', () => ({ after: () => undefined, connection: async () => undefined }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'app.test' }),
  cookies: async () => ({ get: () => undefined }),
}));
// next.config.js turns on authInterrupts; forbidden() checks this flag outside a Next build.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';

let world: World;
beforeAll(async () => {
  world = await makeWorld({ items: 3 });
});

type Action = (...args: unknown[]) => Promise<unknown>;

/** What the call ended in, in the matrix's words. */
async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome | string> {
  try {
    await call();
    return 200;
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? '');
    if (digest.startsWith('NEXT_REDIRECT;')) return digest.split(';')[2] === '/login' ? 'login' : `redirect to ${digest.split(';')[2]}`;
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;403') return 403;
    if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404') return 404;
    return `threw ${error instanceof Error ? error.message : String(error)}`;
  }
}

describe('server actions × roles', () => {
  const actions = serverActions();

  it('every server action has a matrix row (the unit test checks the reverse)', () => {
    const rows = new Set(AUTHORIZATION_MATRIX.filter((e) => e.kind === 'action').map(entryKey));
    expect(actions.map((a) => entryKey({ kind: 'action', file: a.file, name: a.name })).filter((k) => !rows.has(k))).toEqual([]);
  });

  for (const entry of AUTHORIZATION_MATRIX.filter((e) => e.kind === 'action')) {
    it(`${entry.file.replace(/^app\//, '')}#${entry.name}`, async () => {
      const mod = (await import(path.join(ROOT, entry.file))) as Record<string, Action>;
      const action = mod[entry.name!];
      expect(action, `${entry.name} is exported`).toBeTypeOf('function');
      // Actions bound to a page take (projectId, input); form actions take (state, formData) with projectId in the form.
      const declared = actions.find((a) => a.file === entry.file && a.name === entry.name);
      const firstParam = declared?.fn?.parameters[0]?.name.getText();
      const call = () => {
        if (firstParam === 'projectId') return action!(world.project.id, {});
        const form = new FormData();
        form.set('projectId', world.project.id);
        return action!({}, form);
      };
      const actual: Record<string, unknown> = {};
      for (const role of ROLES) {
        session.current = role === 'anon' ? null : { user: { id: world.users[role as Exclude<MatrixRole, 'anon'>].id, sv: 0 } };
        actual[role] = await outcomeOf(call);
      }
      session.current = null;
      expect(actual, entry.note).toEqual(entry.expect);
    });
  }
});
