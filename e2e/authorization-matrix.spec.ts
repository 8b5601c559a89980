import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { AUTHORIZATION_MATRIX, entryKey, ROLES, type MatrixEntry, type MatrixRole } from '../tests/security/authorization-matrix';
import { liveAssignment, makeWorld, makeWorldTokens, type World } from '../tests/security/world';
import { baseUrl, outcomeOf, signInOverHttp, snapshotOverHttp } from './security-fixtures';

// Every page and route handler of tests/security/authorization-matrix.ts, requested over HTTP by
// every role with a session from a real sign-in (bearer APIs: with that user's token), against the
// outcome the table expects. Server actions are checked in tests/integration/server-action-authorization.test.ts.
// Each worker builds its own world and signs its users in once (beforeAll), so every row reports on its own.

type Call = { method: 'GET' | 'POST' | 'PUT'; url: string; headers?: Record<string, string>; data?: string | Record<string, unknown> };
type Recipe = (world: World, role: MatrixRole) => Promise<Call> | Call;

let world: World;
let tokens: Record<Exclude<MatrixRole, 'anon'>, string>;
const sessions = new Map<MatrixRole, APIRequestContext>();
let bare: APIRequestContext;
let uploads = 0;

const importLine = () =>
  `${JSON.stringify({ id: `matrix-${Date.now()}-${uploads++}`, prompt: 'Pick one.', responses: [{ text: 'One' }, { text: 'Two' }] })}\n`;
const bearer = (role: MatrixRole): Record<string, string> => (role === 'anon' ? {} : { authorization: `Bearer ${tokens[role]}` });

function pagePath(file: string): string {
  const path = file
    .replace(/^app/, '')
    .replace(/\/page\.tsx$/, '')
    .replace(/\/\([^)]+\)/g, '')
    .replace('[projectId]', world.project.id)
    .replace('[itemId]', world.item.id)
    .replace('[snapshotId]', world.snapshotId)
    .replace('[jobId]', world.generationJobId)
    .replace('[token]', world.inviteToken);
  if (path.includes('[')) throw new Error(`no value for the parameter of ${file}: add it to pagePath in e2e/authorization-matrix.spec.ts`);
  return path || '/';
}

/** How each route handler is called; the labeler routes act on the labeler's live assignment, whoever calls. */
const RECIPES: Record<string, Recipe> = {
  'app/api/health/route.ts#GET': () => ({ method: 'GET', url: '/api/health' }),
  'app/api/auth/[...nextauth]/route.ts#GET': () => ({ method: 'GET', url: '/api/auth/session' }),
  'app/api/auth/[...nextauth]/route.ts#POST': () => ({ method: 'POST', url: '/api/auth/signout', data: {} }),
  'app/(app)/projects/[projectId]/export/[snapshotId]/download/route.ts#GET': (w) => ({
    method: 'GET',
    url: `/projects/${w.project.id}/export/${w.snapshotId}/download`,
  }),
  'app/(app)/projects/[projectId]/timesheets/csv/route.ts#GET': (w) => ({ method: 'GET', url: `/projects/${w.project.id}/timesheets/csv` }),
  'app/(app)/audit/export/route.ts#GET': () => ({ method: 'GET', url: '/audit/export?format=csv' }),
  'app/(app)/projects/[projectId]/import/upload/route.ts#POST': (w) => ({
    method: 'POST',
    url: `/projects/${w.project.id}/import/upload?format=auto`,
    headers: { 'content-type': 'application/x-ndjson' },
    data: importLine(),
  }),
  'app/(app)/label/[projectId]/chat-stream/route.ts#POST': async (w) => {
    const a = await liveAssignment(w);
    return { method: 'POST', url: `/label/${w.project.id}/chat-stream`, data: { action: 'send', assignmentId: a.id, prompt: 'Hello' } };
  },
  'app/api/v1/projects/[projectId]/tasks/next/route.ts#POST': (w) => ({
    method: 'POST',
    url: `/api/v1/projects/${w.project.id}/tasks/next`,
  }),
  'app/api/v1/projects/[projectId]/assignments/[assignmentId]/draft/route.ts#PUT': async (w) => {
    const a = await liveAssignment(w);
    return { method: 'PUT', url: `/api/v1/projects/${w.project.id}/assignments/${a.id}/draft`, data: { draft: { activeMs: 10 } } };
  },
  'app/api/v1/projects/[projectId]/assignments/[assignmentId]/skip/route.ts#POST': async (w) => {
    const a = await liveAssignment(w);
    return { method: 'POST', url: `/api/v1/projects/${w.project.id}/assignments/${a.id}/skip`, data: { reason: 'broken' } };
  },
  'app/api/v1/projects/[projectId]/assignments/[assignmentId]/submit/route.ts#POST': async (w) => {
    const a = await liveAssignment(w);
    return {
      method: 'POST',
      url: `/api/v1/projects/${w.project.id}/assignments/${a.id}/submit`,
      data: { ranking: a.shown.map((id) => [id]), durationMs: 1000 },
    };
  },
  'app/api/v1/projects/[projectId]/import/route.ts#POST': (w, role) => ({
    method: 'POST',
    url: `/api/v1/projects/${w.project.id}/import`,
    headers: bearer(role),
    data: importLine(),
  }),
  'app/api/v1/projects/[projectId]/jobs/route.ts#GET': (w, role) => ({
    method: 'GET',
    url: `/api/v1/projects/${w.project.id}/jobs`,
    headers: bearer(role),
  }),
  'app/api/v1/projects/[projectId]/jobs/route.ts#POST': (w, role) => ({
    method: 'POST',
    url: `/api/v1/projects/${w.project.id}/jobs`,
    headers: bearer(role),
    data: { kind: 'responses', connectionIds: [], samples: 2, prompts: { by: 'all' } },
  }),
  'app/api/v1/projects/[projectId]/jobs/[jobId]/route.ts#GET': (w, role) => ({
    method: 'GET',
    url: `/api/v1/projects/${w.project.id}/jobs/${w.generationJobId}`,
    headers: bearer(role),
  }),
  'app/api/v1/projects/[projectId]/jobs/[jobId]/route.ts#POST': (w, role) => ({
    method: 'POST',
    url: `/api/v1/projects/${w.project.id}/jobs/${w.generationJobId}`,
    headers: bearer(role),
    data: { action: 'resume' },
  }),
  'app/api/v1/projects/[projectId]/imports/[jobId]/route.ts#GET': (w, role) => ({
    method: 'GET',
    url: `/api/v1/projects/${w.project.id}/imports/${w.importJobId}`,
    headers: bearer(role),
  }),
  'app/api/v1/projects/[projectId]/imports/[jobId]/rejects/route.ts#GET': (w, role) => ({
    method: 'GET',
    url: `/api/v1/projects/${w.project.id}/imports/${w.importJobId}/rejects`,
    headers: bearer(role),
  }),
  'app/(app)/projects/[projectId]/import/jobs/[jobId]/route.ts#GET': (w) => ({
    method: 'GET',
    url: `/projects/${w.project.id}/import/jobs/${w.importJobId}`,
  }),
  'app/(app)/projects/[projectId]/import/jobs/[jobId]/rejects/route.ts#GET': (w) => ({
    method: 'GET',
    url: `/projects/${w.project.id}/import/jobs/${w.importJobId}/rejects`,
  }),
  'app/api/v1/projects/[projectId]/snapshots/route.ts#GET': (w, role) => ({
    method: 'GET',
    url: `/api/v1/projects/${w.project.id}/snapshots`,
    headers: bearer(role),
  }),
  'app/api/v1/projects/[projectId]/snapshots/route.ts#POST': (w, role) => ({
    method: 'POST',
    url: `/api/v1/projects/${w.project.id}/snapshots`,
    headers: bearer(role),
    data: { format: 'raw' },
  }),
  'app/api/v1/projects/[projectId]/snapshots/[snapshotId]/route.ts#GET': (w, role) => ({
    method: 'GET',
    url: `/api/v1/projects/${w.project.id}/snapshots/${w.snapshotId}`,
    headers: bearer(role),
  }),
  'app/api/v1/projects/[projectId]/snapshots/[snapshotId]/download/route.ts#GET': (w, role) => ({
    method: 'GET',
    url: `/api/v1/projects/${w.project.id}/snapshots/${w.snapshotId}/download`,
    headers: bearer(role),
  }),
};

async function callFor(entry: MatrixEntry, role: MatrixRole): Promise<Call> {
  if (entry.kind === 'page') return { method: 'GET', url: pagePath(entry.file) };
  const recipe = RECIPES[entryKey(entry)];
  if (!recipe) throw new Error(`no request recipe for ${entryKey(entry)}: add one to e2e/authorization-matrix.spec.ts`);
  return recipe(world, role);
}

test.beforeAll(async () => {
  world = await makeWorld({ items: 10, makeSnapshot: snapshotOverHttp });
  tokens = await makeWorldTokens(world);
  bare = await request.newContext({ baseURL: baseUrl() });
  sessions.set('anon', bare);
  for (const role of ROLES)
    if (role !== 'anon') sessions.set(role, await signInOverHttp(world.users[role].email, world.users[role].password));
});

test.afterAll(async () => {
  for (const context of sessions.values()) await context.dispose();
});

for (const entry of AUTHORIZATION_MATRIX.filter((e) => e.kind !== 'action')) {
  test(`authorization: ${entry.kind === 'page' ? 'GET' : entry.name} ${entry.file.replace(/^app\//, '')}`, async () => {
    const actual: Record<string, unknown> = {};
    for (const role of ROLES) {
      const call = await callFor(entry, role);
      // Bearer APIs ignore cookies: they are called without a session, with the role's token.
      const context = entry.credential === 'token' ? bare : sessions.get(role)!;
      const response = await context.fetch(call.url, {
        method: call.method,
        headers: call.headers ?? {},
        ...(call.data !== undefined ? { data: call.data } : {}),
        maxRedirects: 0,
      });
      actual[role] = outcomeOf(response, role, world);
    }
    expect(actual, entry.note).toEqual(entry.expect);
  });
}
