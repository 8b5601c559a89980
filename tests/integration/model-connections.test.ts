/**
 * Model connections (issue 24) against a real PostgreSQL and real HTTP to the tests' own Chat
 * Completions server (tests/helpers/chat-server.ts) on 127.0.0.1: create, update (the key kept,
 * replaced, removed), archive and list with their authorization (labelers, researchers, another
 * project's lead refused; shared connections changed by admins only, used by every project);
 * the test request's answer and each kind of error in the server's own words; the private-address
 * rule; the key sealed in its row, opened only by getChatTarget, and never in returned data, an
 * audit row, a server action's answer or a log line.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProject, buildUser } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { archiveModelConnection } from '@/lib/models/archive-model-connection';
import type { ConnectionActor } from '@/lib/models/authorize-connection-scope';
import { createModelConnection } from '@/lib/models/create-model-connection';
import { findManagedModelConnections } from '@/lib/models/find-managed-model-connections';
import { findModelConnections, getChatTarget } from '@/lib/models/get-chat-target';
import { ZModelConnectionForm, type TModelConnectionInput } from '@/lib/models/schemas';
import { TEST_PROMPT, testModelConnection } from '@/lib/models/test-model-connection';
import { updateModelConnection } from '@/lib/models/update-model-connection';
import { expectedAnswer, startChatServer, type ChatServer } from '../helpers/chat-server';
import { download, judge, makeExportProject, snapshot } from '../helpers/export-fixture';
import { refusal } from '../helpers/refusal';

// The server actions run with their real guards; only where the session comes from is replaced
// (as in server-action-authorization.test.ts).
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
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
// Every log line is written (and captured below) so the key-in-logs check sees all of them.
process.env.LOG_LEVEL = 'debug';

const KEY = 'sk-live-SECRETKEY-0123456789-wxyz';
const OTHER_KEY = 'sk-live-OTHERKEY-9876543210-abcd';
/** Every key a test hands to the app: none may appear in any log line. */
const keysUsed = new Set([KEY, OTHER_KEY]);
const logged: string[] = [];

let server: ChatServer;
let keyed: ChatServer;
let lead: ConnectionActor & { email: string };
let leadX: ConnectionActor;
let labeler: ConnectionActor;
let researcher: ConnectionActor;
let admin: ConnectionActor;
let project: { id: string };
let otherProject: { id: string };

const actor = (u: { id: string; role: ConnectionActor['role']; email: string }) => ({ id: u.id, role: u.role, email: u.email });

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
      logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return write(chunk, ...rest);
    }) as typeof stream.write);
  }
  server = await startChatServer({ seed: 11 });
  keyed = await startChatServer({ seed: 12, apiKey: KEY, strictParams: true });
  const [l, lx, lab, res, adm] = await Promise.all([
    buildUser({ role: 'LEAD', password: null }),
    buildUser({ role: 'LEAD', password: null }),
    buildUser({ role: 'LABELER', password: null }),
    buildUser({ role: 'RESEARCHER', password: null }),
    buildUser({ role: 'ADMIN', password: null }),
  ]);
  lead = actor(l);
  leadX = actor(lx);
  labeler = actor(lab);
  researcher = actor(res);
  admin = actor(adm);
  project = await buildProject({ memberIds: [l.id, lab.id, res.id] });
  otherProject = await buildProject({ memberIds: [lx.id] });
});
afterAll(async () => {
  await server.close();
  await keyed.close();
  vi.restoreAllMocks();
});

let n = 0;
/** The form's values, parsed as the server action parses them. */
function form(fields: Record<string, string> = {}): TModelConnectionInput {
  n += 1;
  return ZModelConnectionForm.parse({ name: `Conn ${n}`, baseUrl: server.url, model: 'policy-a', ...fields });
}

const auditOf = (targetId: string) =>
  getDb().auditEvent.findMany({
    where: { targetId },
    orderBy: { id: 'asc' },
    select: { action: true, actorId: true, projectId: true, data: true },
  });

describe('create, update, archive, list', () => {
  it('a lead adds a connection: the key sealed in the row with a hint, opened by getChatTarget, in no returned data or audit row', async () => {
    const created = await createModelConnection({
      actor: lead,
      projectId: project.id,
      input: form({ name: 'Policy A', apiKey: KEY, temperature: '0.7', requestsPerMinute: '120', timeoutSeconds: '30' }),
    });
    expect(created).toMatchObject({
      projectId: project.id,
      name: 'Policy A',
      baseUrl: server.url,
      model: 'policy-a',
      apiKeyHint: 'wxyz',
      params: { temperature: 0.7 },
      maxConcurrency: 4,
      requestsPerMinute: 120,
      timeoutMs: 30_000,
    });
    expect(JSON.stringify(created)).not.toContain(KEY);

    const row = await getDb().modelConnection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.apiKeyEncrypted).toMatch(/^v1\./);
    expect(row.apiKeyEncrypted).not.toContain(KEY);
    expect(row.apiKeyEncrypted).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(row.createdById).toBe(lead.id);

    const { connection, target } = await getChatTarget({ connectionId: created.id, projectId: project.id });
    expect(target.apiKey).toBe(KEY);
    expect(connection).toEqual(created);
    expect(await findModelConnections({ projectId: project.id })).toContainEqual(created);

    const listed = await findManagedModelConnections({ actor: lead, projectId: project.id });
    expect(listed.find((c) => c.id === created.id)).toMatchObject({ shared: false, editable: true, hasApiKey: true, apiKeyHint: 'wxyz' });
    expect(JSON.stringify(listed)).not.toContain(KEY);

    const audit = await auditOf(created.id);
    expect(audit).toEqual([
      {
        action: 'model_connection.create',
        actorId: lead.id,
        projectId: project.id,
        data: expect.objectContaining({ name: 'Policy A', baseUrl: server.url, apiKey: 'set', apiKeyHint: 'wxyz', shared: false }),
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(KEY);
  });

  it('updates: the key kept when the form leaves it empty, replaced, or removed; each audited without the key', async () => {
    const created = await createModelConnection({ actor: lead, projectId: project.id, input: form({ apiKey: KEY }) });
    const kept = await updateModelConnection({
      actor: lead,
      projectId: project.id,
      connectionId: created.id,
      input: form({ name: 'Renamed', model: 'policy-b', maxConcurrency: '16' }),
    });
    expect(kept).toMatchObject({ name: 'Renamed', model: 'policy-b', maxConcurrency: 16, apiKeyHint: 'wxyz' });
    expect((await getChatTarget({ connectionId: created.id, projectId: project.id })).target.apiKey).toBe(KEY);

    const replaced = await updateModelConnection({
      actor: lead,
      projectId: project.id,
      connectionId: created.id,
      input: form({ name: 'Renamed', apiKey: OTHER_KEY }),
    });
    expect(replaced.apiKeyHint).toBe('abcd');
    expect((await getChatTarget({ connectionId: created.id, projectId: project.id })).target.apiKey).toBe(OTHER_KEY);

    const cleared = await updateModelConnection({
      actor: lead,
      projectId: project.id,
      connectionId: created.id,
      input: form({ name: 'Renamed', clearApiKey: 'on' }),
    });
    expect(cleared.apiKeyHint).toBeNull();
    expect((await getChatTarget({ connectionId: created.id, projectId: project.id })).target.apiKey).toBeNull();
    expect(await getDb().modelConnection.findUniqueOrThrow({ where: { id: created.id }, select: { apiKeyEncrypted: true } })).toEqual({
      apiKeyEncrypted: null,
    });

    const audit = await auditOf(created.id);
    expect(audit.map((a) => [a.action, (a.data as { apiKey: string }).apiKey])).toEqual([
      ['model_connection.create', 'set'],
      ['model_connection.update', 'kept'],
      ['model_connection.update', 'replaced'],
      ['model_connection.update', 'removed'],
    ]);
    expect(JSON.stringify(audit)).not.toContain(KEY);
    expect(JSON.stringify(audit)).not.toContain(OTHER_KEY);
  });

  it('names are unique among live connections of a project (any case); an archived name is free again', async () => {
    const first = await createModelConnection({ actor: lead, projectId: project.id, input: form({ name: 'Critic' }) });
    const taken = await refusal(createModelConnection({ actor: lead, projectId: project.id, input: form({ name: 'critic' }) }));
    expect(taken).toMatchObject({ code: 'CONFLICT', fieldErrors: { name: ['This name is taken: pick another'] } });
    // The same name in another project, or among shared ones, is another scope.
    await createModelConnection({ actor: leadX, projectId: otherProject.id, input: form({ name: 'Critic' }) });
    const other = await createModelConnection({ actor: lead, projectId: project.id, input: form({ name: 'Critic 2' }) });
    expect(
      await refusal(updateModelConnection({ actor: lead, projectId: project.id, connectionId: other.id, input: form({ name: 'CRITIC' }) })),
    ).toMatchObject({ code: 'CONFLICT', fieldErrors: { name: expect.any(Array) } });
    // The index, not the check, is the guard: a write that skips the check still fails.
    await expect(
      getDb().modelConnection.create({ data: { projectId: project.id, name: 'CRITIC', baseUrl: server.url, model: 'm' } }),
    ).rejects.toThrow();

    await archiveModelConnection({ actor: lead, projectId: project.id, connectionId: first.id });
    const again = await createModelConnection({ actor: lead, projectId: project.id, input: form({ name: 'Critic' }) });
    expect(again.id).not.toBe(first.id);
  });

  it('archive keeps the row (provenance) but erases its key; getChatTarget and the lists refuse it; audited', async () => {
    const created = await createModelConnection({ actor: lead, projectId: project.id, input: form({ apiKey: KEY }) });
    await archiveModelConnection({ actor: lead, projectId: project.id, connectionId: created.id });
    const row = await getDb().modelConnection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ name: created.name, model: 'policy-a', apiKeyEncrypted: null, apiKeyHint: 'wxyz' });
    expect(row.archivedAt).toBeInstanceOf(Date);
    expect(await refusal(getChatTarget({ connectionId: created.id, projectId: project.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await findModelConnections({ projectId: project.id })).map((c) => c.id)).not.toContain(created.id);
    expect((await findManagedModelConnections({ actor: lead, projectId: project.id })).map((c) => c.id)).not.toContain(created.id);
    expect(
      await refusal(updateModelConnection({ actor: lead, projectId: project.id, connectionId: created.id, input: form() })),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect((await auditOf(created.id)).map((a) => a.action)).toEqual(['model_connection.create', 'model_connection.archive']);
  });
});

describe('authorization', () => {
  it('a labeler or a researcher of the project, and the lead of another project, are refused everything', async () => {
    const mine = await createModelConnection({ actor: lead, projectId: project.id, input: form({ apiKey: KEY }) });
    for (const who of [labeler, researcher]) {
      expect(await refusal(createModelConnection({ actor: who, projectId: project.id, input: form() }))).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await refusal(findManagedModelConnections({ actor: who, projectId: project.id }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(
        await refusal(updateModelConnection({ actor: who, projectId: project.id, connectionId: mine.id, input: form() })),
      ).toMatchObject({ code: 'FORBIDDEN' });
      expect(await refusal(archiveModelConnection({ actor: who, projectId: project.id, connectionId: mine.id }))).toMatchObject({
        code: 'FORBIDDEN',
      });
      expect(await refusal(testModelConnection({ actor: who, projectId: project.id, connectionId: mine.id }))).toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    // Another project's lead: the project is not theirs to see, and from their own project the connection is not there.
    expect(await refusal(createModelConnection({ actor: leadX, projectId: project.id, input: form() }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await refusal(findManagedModelConnections({ actor: leadX, projectId: project.id }))).toMatchObject({ code: 'NOT_FOUND' });
    for (const scope of [project.id, otherProject.id]) {
      expect(
        await refusal(
          updateModelConnection({ actor: leadX, projectId: scope, connectionId: mine.id, input: form({ baseUrl: 'http://evil.test/v1' }) }),
        ),
      ).toMatchObject({ code: 'NOT_FOUND' });
      expect(await refusal(archiveModelConnection({ actor: leadX, projectId: scope, connectionId: mine.id }))).toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await refusal(testModelConnection({ actor: leadX, projectId: scope, connectionId: mine.id }))).toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    expect(await refusal(getChatTarget({ connectionId: mine.id, projectId: otherProject.id }))).toMatchObject({ code: 'NOT_FOUND' });
    const unchanged = await getDb().modelConnection.findUniqueOrThrow({
      where: { id: mine.id },
      select: { baseUrl: true, archivedAt: true },
    });
    expect(unchanged).toEqual({ baseUrl: server.url, archivedAt: null });
  });

  it('shared connections: admins only change them; every project lists and uses them without their key; archived, none does', async () => {
    expect(await refusal(createModelConnection({ actor: lead, projectId: null, input: form() }))).toMatchObject({ code: 'FORBIDDEN' });
    const shared = await createModelConnection({ actor: admin, projectId: null, input: form({ name: 'Shared judge', apiKey: KEY }) });
    expect(shared.projectId).toBeNull();

    const leadList = await findManagedModelConnections({ actor: lead, projectId: project.id });
    expect(leadList.find((c) => c.id === shared.id)).toMatchObject({ shared: true, editable: false, apiKeyHint: 'wxyz' });
    expect(JSON.stringify(leadList)).not.toContain(KEY);
    expect(await refusal(findManagedModelConnections({ actor: lead, projectId: null }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await refusal(
        updateModelConnection({ actor: lead, projectId: project.id, connectionId: shared.id, input: form({ name: 'Mine now' }) }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(archiveModelConnection({ actor: lead, projectId: project.id, connectionId: shared.id }))).toMatchObject({
      code: 'FORBIDDEN',
    });
    // Testing a shared connection's key against an address of the lead's choosing would hand the key over.
    expect(
      await refusal(
        testModelConnection({
          actor: lead,
          projectId: project.id,
          connectionId: shared.id,
          input: form({ baseUrl: 'http://collector.test/v1' }),
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });

    for (const scope of [project.id, otherProject.id]) {
      const { connection, target } = await getChatTarget({ connectionId: shared.id, projectId: scope });
      expect(connection.projectId).toBeNull();
      expect(target.apiKey).toBe(KEY);
      expect((await findModelConnections({ projectId: scope })).map((c) => c.id)).toContain(shared.id);
    }
    expect((await findManagedModelConnections({ actor: admin, projectId: null })).map((c) => c.id)).toEqual(
      expect.arrayContaining([shared.id]),
    );
    // The admin's shared list holds no project's connection.
    expect((await findManagedModelConnections({ actor: admin, projectId: null })).every((c) => c.projectId === null)).toBe(true);
    const audit = await auditOf(shared.id);
    expect(audit[0]).toMatchObject({ action: 'model_connection.create', actorId: admin.id, projectId: null });

    await archiveModelConnection({ actor: admin, projectId: null, connectionId: shared.id });
    for (const scope of [project.id, otherProject.id]) {
      expect(await refusal(getChatTarget({ connectionId: shared.id, projectId: scope }))).toMatchObject({ code: 'NOT_FOUND' });
    }
  });
});

describe('test connection', () => {
  it('answers the text, latency, tokens and finish reason of one short request with the connection’s defaults', async () => {
    server.reset();
    const created = await createModelConnection({
      actor: lead,
      projectId: project.id,
      input: form({ temperature: '0.2', max_tokens: '900' }),
    });
    const outcome = await testModelConnection({ actor: lead, projectId: project.id, connectionId: created.id, allowPrivateHosts: true });
    const messages = [{ role: 'user', content: TEST_PROMPT }];
    const full = expectedAnswer({ seed: 11, model: 'policy-a', messages, temperature: 0.2 });
    const words = full.split(' ');
    expect(outcome).toEqual({
      ok: true,
      text: words.slice(0, Math.min(16, words.length)).join(' '),
      finishReason: words.length > 16 ? 'length' : 'stop',
      promptTokens: 5,
      completionTokens: Math.min(16, words.length),
      model: 'policy-a',
      latencyMs: expect.any(Number),
    });
    expect(server.stats().bodies).toEqual([{ model: 'policy-a', messages, stream: false, temperature: 0.2, max_tokens: 16 }]);
  });

  it('sends the stored key; the form’s values are tested before saving, with the stored key when the key field is empty', async () => {
    const created = await createModelConnection({ actor: lead, projectId: project.id, input: form({ baseUrl: keyed.url, apiKey: KEY }) });
    expect(
      await testModelConnection({ actor: lead, projectId: project.id, connectionId: created.id, allowPrivateHosts: true }),
    ).toMatchObject({
      ok: true,
    });
    const unsaved = form({ baseUrl: keyed.url, model: 'policy-z', apiKey: KEY });
    expect(await testModelConnection({ actor: lead, projectId: project.id, input: unsaved, allowPrivateHosts: true })).toMatchObject({
      ok: true,
      model: 'policy-z',
    });
    const keepKey = form({ baseUrl: keyed.url, model: 'policy-y' });
    expect(
      await testModelConnection({ actor: lead, projectId: project.id, connectionId: created.id, input: keepKey, allowPrivateHosts: true }),
    ).toMatchObject({ ok: true, model: 'policy-y' });
    // Without the stored key (a new form with no key, or "remove the stored key" ticked): the server's 401, in its words.
    for (const connectionId of [undefined, created.id]) {
      const input = form({ baseUrl: keyed.url, ...(connectionId ? { clearApiKey: 'on' } : {}) });
      expect(
        await testModelConnection({
          actor: lead,
          projectId: project.id,
          ...(connectionId ? { connectionId } : {}),
          input,
          allowPrivateHosts: true,
        }),
      ).toMatchObject({ ok: false, kind: 'auth', status: 401, message: 'HTTP 401: Incorrect API key provided.' });
    }
    // Nothing was saved by the tests.
    expect(await getDb().modelConnection.findUniqueOrThrow({ where: { id: created.id }, select: { model: true } })).toEqual({
      model: 'policy-a',
    });
  });

  it.each([
    [{ status: 429, retryAfter: '3' }, 'rate_limited', 429, 'HTTP 429: Rate limit reached for requests'],
    [{ status: 500 }, 'server_error', 500, 'HTTP 500: The server had an error (scripted 500)'],
    [{ status: 400 }, 'bad_request', 400, 'HTTP 400: The server had an error (scripted 400)'],
    [{ malformed: true }, 'malformed', 200, 'HTTP 200 but the body is not JSON: {"id": "chatcmpl-broken", "choices": [ {"message": '],
  ])('shows the error of a %j answer: kind %s, the server’s own message', async (answer, kind, status, message) => {
    const created = await createModelConnection({ actor: lead, projectId: project.id, input: form() });
    server.script([answer]);
    expect(await testModelConnection({ actor: lead, projectId: project.id, connectionId: created.id, allowPrivateHosts: true })).toEqual({
      ok: false,
      kind,
      status,
      message,
      latencyMs: expect.any(Number),
    });
  });

  it('shows a server’s refusal of a parameter in its words, a timeout, and a refused connection', async () => {
    // A strict server (as OpenAI is) refusing a parameter the connection sends by default.
    const strict = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        res.writeHead(body.seed === undefined ? 200 : 400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Unrecognized request argument supplied: seed', type: 'invalid_request_error' } }));
      });
    });
    await new Promise<void>((resolve) => strict.listen(0, '127.0.0.1', resolve));
    const strictUrl = `http://127.0.0.1:${(strict.address() as AddressInfo).port}/v1`;
    try {
      const outcome = await testModelConnection({
        actor: lead,
        projectId: project.id,
        input: form({ baseUrl: strictUrl, seed: '7' }),
        allowPrivateHosts: true,
      });
      expect(outcome).toMatchObject({
        ok: false,
        kind: 'bad_request',
        status: 400,
        message: 'HTTP 400: Unrecognized request argument supplied: seed',
      });
    } finally {
      await new Promise<void>((resolve) => strict.close(() => resolve()));
    }

    server.script([{ delayMs: 3_000 }]);
    expect(
      await testModelConnection({ actor: lead, projectId: project.id, input: form({ timeoutSeconds: '1' }), allowPrivateHosts: true }),
    ).toMatchObject({ ok: false, kind: 'timeout', status: null, message: 'no answer within 1 s' });
    server.reset();

    // A port nothing listens on.
    const closed = await startChatServer();
    const closedUrl = closed.url;
    await closed.close();
    const refused = await testModelConnection({
      actor: lead,
      projectId: project.id,
      input: form({ baseUrl: closedUrl }),
      allowPrivateHosts: true,
    });
    expect(refused).toMatchObject({ ok: false, kind: 'network', status: null });
    expect((refused as { message: string }).message).toMatch(/^ECONNREFUSED: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
  });

  it('refuses a private address unless MODEL_ALLOW_PRIVATE_HOSTS (here unset) or the explicit allowPrivateHosts', async () => {
    const created = await createModelConnection({ actor: lead, projectId: project.id, input: form() });
    server.reset();
    for (const outcome of [
      await testModelConnection({ actor: lead, projectId: project.id, connectionId: created.id }),
      await testModelConnection({ actor: lead, projectId: project.id, input: form({ baseUrl: 'http://10.1.2.3:8000/v1' }) }),
      await testModelConnection({ actor: lead, projectId: project.id, input: form({ baseUrl: 'http://[::1]:8000/v1' }) }),
    ]) {
      expect(outcome).toMatchObject({ ok: false, kind: 'refused_address', status: null });
      expect((outcome as { message: string }).message).toContain('MODEL_ALLOW_PRIVATE_HOSTS');
    }
    expect(server.stats().requests).toBe(0);
    // getChatTarget (what the generation jobs send with) carries the same setting.
    expect((await getChatTarget({ connectionId: created.id, projectId: project.id })).target.allowPrivateHosts).toBe(false);
    expect(
      await testModelConnection({ actor: lead, projectId: project.id, connectionId: created.id, allowPrivateHosts: true }),
    ).toMatchObject({ ok: true });
  });

  it('a server that echoes the key back gets it replaced by its hint, in an error message and in an answer', async () => {
    const echo = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const auth = String(req.headers.authorization ?? '');
        if (req.headers['x-never'] === undefined && auth.endsWith('xyz')) {
          res.writeHead(403, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `Key ${auth} is not allowed here` } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ model: auth, choices: [{ message: { content: `You sent ${auth}` }, finish_reason: 'stop' }] }));
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`;
    try {
      const refused = await testModelConnection({
        actor: lead,
        projectId: project.id,
        input: form({ baseUrl: echoUrl, apiKey: KEY }),
        allowPrivateHosts: true,
      });
      expect(refused).toMatchObject({ ok: false, kind: 'auth', message: 'HTTP 403: Key Bearer [API key …wxyz] is not allowed here' });
      const answered = await testModelConnection({
        actor: lead,
        projectId: project.id,
        input: form({ baseUrl: echoUrl, apiKey: OTHER_KEY }),
        allowPrivateHosts: true,
      });
      expect(answered).toMatchObject({ ok: true, text: 'You sent Bearer [API key …abcd]', model: 'Bearer [API key …abcd]' });
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });
});

describe('server actions', () => {
  const fd = (fields: Record<string, string>) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.set(k, v);
    return data;
  };
  const signIn = (who: { id: string }) => (session.current = { user: { id: who.id, sv: 0 } });

  it('the project page’s actions save, test and archive, answering no key; a labeler is refused before anything runs', async () => {
    const actions = await import('@/app/(app)/projects/[projectId]/settings/models/actions');
    signIn(lead);
    const saved = await actions.saveModelConnectionAction(
      {},
      fd({ projectId: project.id, name: 'Via action', baseUrl: keyed.url, model: 'm', apiKey: KEY }),
    );
    expect(saved).toEqual({ ok: true, message: 'Added “Via action”.' });
    const row = await getDb().modelConnection.findFirstOrThrow({
      where: { projectId: project.id, name: 'Via action' },
      select: { id: true },
    });

    const invalid = await actions.saveModelConnectionAction(
      {},
      fd({ projectId: project.id, name: 'X', baseUrl: 'http://u:p@h/v1', model: 'm', apiKey: KEY }),
    );
    expect(invalid).toMatchObject({
      ok: false,
      errors: { baseUrl: ['Put the API key in its own field, not in the URL (no user:password@)'] },
    });

    // MODEL_ALLOW_PRIVATE_HOSTS is unset here: the saved connection on 127.0.0.1 is refused, as the page would show it.
    const tested = await actions.testSavedModelConnectionAction({}, fd({ projectId: project.id, connectionId: row.id }));
    expect(tested.test).toMatchObject({ ok: false, kind: 'refused_address' });
    const formTest = await actions.testModelConnectionFormAction(
      {},
      fd({ projectId: project.id, connectionId: row.id, name: 'Via action', baseUrl: 'http://10.0.0.1/v1', model: 'm' }),
    );
    expect(formTest.test).toMatchObject({ ok: false, kind: 'refused_address' });
    const archived = await actions.archiveModelConnectionAction({}, fd({ projectId: project.id, connectionId: row.id }));
    expect(archived).toEqual({ ok: true, message: 'Archived “Via action”.' });
    for (const answer of [saved, invalid, tested, formTest, archived]) expect(JSON.stringify(answer)).not.toContain(KEY);

    signIn(labeler);
    await expect(
      actions.saveModelConnectionAction({}, fd({ projectId: project.id, name: 'Nope', baseUrl: server.url, model: 'm' })),
    ).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;403' });
    signIn(leadX);
    await expect(
      actions.saveModelConnectionAction({}, fd({ projectId: project.id, name: 'Nope', baseUrl: server.url, model: 'm' })),
    ).rejects.toMatchObject({ digest: 'NEXT_HTTP_ERROR_FALLBACK;404' });
    expect(await getDb().modelConnection.count({ where: { name: 'Nope' } })).toBe(0);
    session.current = null;
  });

  it('the admin page’s actions manage shared connections; a lead is refused', async () => {
    const actions = await import('@/app/(app)/admin/model-connections/actions');
    signIn(admin);
    expect(
      await actions.saveSharedModelConnectionAction({}, fd({ name: 'Shared via action', baseUrl: server.url, model: 'm', apiKey: KEY })),
    ).toEqual({ ok: true, message: 'Added “Shared via action”.' });
    const row = await getDb().modelConnection.findFirstOrThrow({
      where: { name: 'Shared via action' },
      select: { id: true, projectId: true },
    });
    expect(row.projectId).toBeNull();
    signIn(lead);
    await expect(actions.archiveSharedModelConnectionAction({}, fd({ connectionId: row.id }))).rejects.toMatchObject({
      digest: 'NEXT_HTTP_ERROR_FALLBACK;403',
    });
    session.current = null;
  });
});

describe('exports', () => {
  it('a raw snapshot of a project with a keyed connection holds the key in none of its files', async () => {
    const f = await makeExportProject({ items: 2 });
    for (const item of f.items) await judge(item, f.labelers[0]!.id, [0, 1, 2, 3]);
    const owner = { id: f.lead.id, role: f.lead.role };
    await createModelConnection({ actor: owner, projectId: f.project.id, input: form({ name: 'Exported?', apiKey: KEY }) });
    await snapshot(f.project.id, f.researcher.id, { format: 'raw' });
    const row = await getDb().exportSnapshot.findFirstOrThrow({ where: { projectId: f.project.id }, select: { id: true } });
    const { files, rows } = await download(f.project.id, row.id, f.researcher.id);
    expect(rows.length).toBeGreaterThan(0);
    for (const file of files) expect(file.bytes.includes(Buffer.from(KEY)), file.path).toBe(false);
  });
});

describe('logs', () => {
  // Runs last: every test above has written what it logs.
  it('no log line holds a key', () => {
    // The failed tests above were logged, the echoing server's message with them.
    expect(logged.filter((line) => line.includes('model connection test failed')).length).toBeGreaterThan(5);
    expect(logged.some((line) => line.includes('[API key …wxyz]'))).toBe(true);
    for (const key of keysUsed) expect(logged.filter((line) => line.includes(key))).toEqual([]);
  });
});
