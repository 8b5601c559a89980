/**
 * The authorization matrix (tests/security/authorization-matrix.ts) covers exactly what app/
 * exposes, read from the file system, and every server action opens with a session guard.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { guardProblem, pageFiles, routeMethods, serverActions } from '../security/app-surface';
import { AUTHORIZATION_MATRIX, entryKey, PUBLIC_ACTIONS, ROLES } from '../security/authorization-matrix';

const surface = () => [
  ...pageFiles().map((file) => entryKey({ kind: 'page', file })),
  ...routeMethods().map((r) => entryKey({ kind: 'route', ...r })),
  ...serverActions().map((a) => entryKey({ kind: 'action', file: a.file, name: a.name })),
];

describe('authorization matrix', () => {
  it('has a row for every page, route handler method and server action in app/', () => {
    const listed = new Set(AUTHORIZATION_MATRIX.map(entryKey));
    const missing = surface().filter((key) => !listed.has(key));
    expect(missing, 'add these to tests/security/authorization-matrix.ts with the outcome for every role').toEqual([]);
  });

  it('names nothing that app/ no longer has, and nothing twice', () => {
    const present = new Set(surface());
    const keys = AUTHORIZATION_MATRIX.map(entryKey);
    expect(keys.filter((key) => !present.has(key))).toEqual([]);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it('gives every row an outcome for each of the seven roles', () => {
    for (const entry of AUTHORIZATION_MATRIX) expect(Object.keys(entry.expect), entryKey(entry)).toEqual([...ROLES]);
  });

  it('sees the surface it should (the enumeration itself works)', () => {
    expect(pageFiles()).toContain('app/(app)/label/[projectId]/page.tsx');
    expect(routeMethods()).toContainEqual({ file: 'app/api/auth/[...nextauth]/route.ts', name: 'POST' });
    expect(serverActions().map((a) => a.name)).toContain('submitRankingAction');
  });
});

describe('server action guards', () => {
  it('every exported server action starts by awaiting a guard of lib/auth/session.ts', () => {
    const problems = serverActions()
      .filter((a) => !PUBLIC_ACTIONS.has(entryKey({ kind: 'action', file: a.file, name: a.name })))
      .map((a) => [a, guardProblem(a)] as const)
      .filter(([, problem]) => problem !== null)
      .map(([a, problem]) => `${a.file}#${a.name} ${problem}`);
    expect(problems).toEqual([]);
  });

  it('public actions are only the ones the table says are public', () => {
    const unguarded = serverActions()
      .filter((a) => guardProblem(a) !== null)
      .map((a) => entryKey({ kind: 'action', file: a.file, name: a.name }));
    expect(unguarded.sort()).toEqual([...PUBLIC_ACTIONS].sort());
  });

  it('the check fails on an action that writes before its guard, and on a helper that acts first', () => {
    const check = (text: string) => {
      const source = ts.createSourceFile('actions.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const fn = source.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === 'act');
      return guardProblem({ file: 'actions.ts', name: 'act', fn, source });
    };
    expect(check(`export async function act(fd: FormData) { const u = await requireUser(); return u; }`)).toBeNull();
    expect(
      check(`async function lead(fd: FormData) { const id = String(fd.get('p')); return requireProjectMember(id, ['LEAD']); }
      export async function act(fd: FormData) { const { user } = await lead(fd); return user; }`),
    ).toBeNull();
    expect(check(`export async function act(fd: FormData) { await deleteAll(); await requireUser(); }`)).toMatch(
      /deleteAll\(\), which is not a guard/,
    );
    expect(check(`export async function act(fd: FormData) { const x = 1; await requireUser(); }`)).toMatch(/not an awaited guard/);
    expect(check(`export async function act(fd: FormData) { requireUser(); }`)).toMatch(/not an awaited guard/);
    expect(
      check(`async function lead(fd: FormData) { const id = await wipe(fd); return requireProjectMember(id); }
      export async function act(fd: FormData) { await lead(fd); }`),
    ).toMatch(/not a guard/);
    expect(check(`export function act(fd: FormData) { return requireUser(); }`)).toBe('is not async');
  });
});
