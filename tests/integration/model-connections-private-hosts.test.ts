/**
 * MODEL_ALLOW_PRIVATE_HOSTS=true (set before the app's environment is first read): a connection to
 * the tests' Chat Completions server on 127.0.0.1 is tested and targeted without an explicit
 * allowPrivateHosts. model-connections.test.ts shows the refusal when it is unset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, buildUser } from '@/lib/builders';
import { createModelConnection } from '@/lib/models/create-model-connection';
import { getChatTarget } from '@/lib/models/get-chat-target';
import { ZModelConnectionForm } from '@/lib/models/schemas';
import { testModelConnection } from '@/lib/models/test-model-connection';
import { startChatServer, type ChatServer } from '../helpers/chat-server';

process.env.MODEL_ALLOW_PRIVATE_HOSTS = 'true';

let server: ChatServer;
beforeAll(async () => {
  server = await startChatServer({ seed: 3 });
});
afterAll(() => server.close());

describe('MODEL_ALLOW_PRIVATE_HOSTS', () => {
  it('lets a connection reach a loopback server', async () => {
    const lead = await buildUser({ role: 'LEAD', password: null });
    const project = await buildProject({ memberIds: [lead.id] });
    const actor = { id: lead.id, role: lead.role };
    const created = await createModelConnection({
      actor,
      projectId: project.id,
      input: ZModelConnectionForm.parse({ name: 'Local vLLM', baseUrl: server.url, model: 'policy-a' }),
    });
    expect(await testModelConnection({ actor, projectId: project.id, connectionId: created.id })).toMatchObject({ ok: true });
    expect((await getChatTarget({ connectionId: created.id, projectId: project.id })).target.allowPrivateHosts).toBe(true);
    expect(server.stats().requests).toBe(1);
  });
});
