import { expect, test } from '@playwright/test';
import { createApiToken } from '@/lib/tokens/create-api-token';
import { db, makeProject, makeUser } from './fixtures';

const ROWS = [
  {
    id: 'api-1',
    prompt: 'Name a prime number.',
    responses: [
      { id: 'api-1-a', model: 'm1', text: '7' },
      { id: 'api-1-b', model: 'm2', text: '9' },
    ],
  },
  {
    id: 'api-2',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Capital of France?' },
    ],
    responses: [{ text: 'Paris' }, { text: 'Lyon' }, { text: 'Paris, France' }],
  },
];
const body = ROWS.map((r) => JSON.stringify(r)).join('\n');

async function token(userId: string, scopes: ('import' | 'export' | 'read')[], projectId?: string) {
  const created = await createApiToken({ actorId: null, input: { userId, name: 'e2e', scopes, ...(projectId ? { projectId } : {}) } });
  return created.token;
}

test.describe('POST /api/v1/projects/{id}/import', () => {
  test('a lead token imports a file; the same file again is skipped as identical', async ({ request }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const secret = await token(lead.id, ['import']);
    const url = `/api/v1/projects/${project.id}/import`;

    const first = await request.post(url, {
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/x-ndjson' },
      data: body,
    });
    expect(first.status()).toBe(200);
    expect((await first.json()).summary).toMatchObject({
      format: 'native',
      rows: 2,
      itemsCreated: 2,
      itemsSkipped: 0,
      responsesCreated: 5,
    });
    const items = await db().item.findMany({
      where: { projectId: project.id },
      orderBy: { externalId: 'asc' },
      select: { externalId: true, messages: true, responses: { select: { text: true, modelId: true }, orderBy: { text: 'asc' } } },
    });
    expect(items.map((i) => i.externalId)).toEqual(['api-1', 'api-2']);
    expect(items[1]?.messages).toEqual(ROWS[1]?.messages);
    expect(items[0]?.responses).toEqual([
      { text: '7', modelId: 'm1' },
      { text: '9', modelId: 'm2' },
    ]);

    const again = await request.post(url, { headers: { authorization: `Bearer ${secret}` }, data: body });
    expect(again.status()).toBe(200);
    expect((await again.json()).summary).toMatchObject({ itemsCreated: 0, itemsSkipped: 2 });
    expect(await db().item.count({ where: { projectId: project.id } })).toBe(2);
  });

  test('a bad row gives 422 with every error by line and field, and nothing is written', async ({ request }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const bad = [body, '{"id": "api-3", "prompt": "x", "responses": [{"text": "only one"}]}', '{not json'].join('\n');
    const response = await request.post(`/api/v1/projects/${project.id}/import`, {
      headers: { authorization: `Bearer ${await token(lead.id, ['import'])}` },
      data: bad,
    });
    expect(response.status()).toBe(422);
    const json = await response.json();
    expect(json.errorCount).toBe(2);
    expect(json.errors[0]).toMatchObject({ line: 3, path: 'responses' });
    expect(json.errors[1]).toMatchObject({ line: 4, path: '' });
    expect(json.errors[1].message).toMatch(/^Invalid JSON/);
    expect(await db().item.count({ where: { projectId: project.id } })).toBe(0);
  });

  test("refuses a missing token (401), a labeler token, a token without the scope and another project's lead (403)", async ({
    request,
  }) => {
    const lead = await makeUser('LEAD');
    const labeler = await makeUser('LABELER');
    const otherLead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email, labeler.email] });
    const otherProject = await makeProject({ members: [otherLead.email] });
    const url = `/api/v1/projects/${project.id}/import`;

    expect((await request.post(url, { data: body })).status()).toBe(401);
    expect((await request.post(url, { headers: { authorization: 'Bearer pl_not-a-real-token' }, data: body })).status()).toBe(401);
    const asLabeler = await request.post(url, { headers: { authorization: `Bearer ${await token(labeler.id, ['import'])}` }, data: body });
    expect(asLabeler.status()).toBe(403);
    const withoutScope = await request.post(url, { headers: { authorization: `Bearer ${await token(lead.id, ['export'])}` }, data: body });
    expect(withoutScope.status()).toBe(403);
    const otherLeadResponse = await request.post(url, {
      headers: { authorization: `Bearer ${await token(otherLead.id, ['import'])}` },
      data: body,
    });
    expect(otherLeadResponse.status()).toBe(403);
    const boundElsewhere = await request.post(url, {
      headers: { authorization: `Bearer ${await token(lead.id, ['import'], otherProject.id)}` },
      data: body,
    });
    expect(boundElsewhere.status()).toBe(403);
    expect(await db().item.count({ where: { projectId: project.id } })).toBe(0);
  });

  test('a revoked token is refused', async ({ request }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const secret = await token(lead.id, ['import']);
    await db().apiToken.updateMany({ where: { userId: lead.id }, data: { revokedAt: new Date() } });
    const response = await request.post(`/api/v1/projects/${project.id}/import`, {
      headers: { authorization: `Bearer ${secret}` },
      data: body,
    });
    expect(response.status()).toBe(401);
  });
});
