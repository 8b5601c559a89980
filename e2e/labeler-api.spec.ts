import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

// The labeler JSON API over real HTTP with the session cookie of a signed-in browser context.
// Everything a labeler must never see is planted with a recognisable marker.

const SECRET = 'zz-secret-marker';

async function makeItem(projectId: string, options: { gold?: boolean } = {}) {
  return buildItem({
    projectId,
    externalId: `${SECRET}-item-${unique('x')}`,
    prompt: `Question ${unique('q')}: name a primary colour.`,
    metadata: { source: `${SECRET}-metadata` },
    responses: ['Red is one.', 'Blue, for one.', 'Green is not one in paint.'].map((text, i) => ({
      externalId: `${SECRET}-r${i}`,
      modelId: `${SECRET}-model-${i}`,
      metadata: { temperature: `${SECRET}-t` },
      text,
    })),
    ...(options.gold ? { gold: [[0, 1, 2]] } : {}),
  });
}

async function setup(items = 2) {
  const labeler = await makeUser('LABELER');
  const other = await makeUser('LABELER');
  const project = await makeProject({ members: [labeler.email, other.email] });
  for (let i = 0; i < items; i++) await makeItem(project.id, { gold: i === 0 });
  return { labeler, other, project };
}

/** The signed-in context's request client: it carries the session cookie like the browser would. */
async function signedIn(page: Page, email: string, landing = '/label'): Promise<APIRequestContext> {
  await signInAndLand(page, email, PASSWORD, landing);
  return page.request;
}

type Task = {
  assignmentId: string;
  responses: { id: string; label: string; text: string }[];
  messages: unknown[];
  leaseExpiresAt: string;
  taxonomyVersion: number;
  draft: unknown;
};

async function claim(api: APIRequestContext, projectId: string): Promise<Task> {
  const response = await api.post(`/api/v1/projects/${projectId}/tasks/next`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.task).not.toBeNull();
  return body.task as Task;
}

const submitBody = (task: Task) => ({
  ranking: task.responses.map((r) => [r.id]),
  allUnacceptable: false,
  ratings: [],
  promptFlags: [],
  durationMs: 4200,
});

test.describe('labeler API', () => {
  test('claim, submit, and a repeated submit returns the same judgment; nothing names a model', async ({ page }) => {
    const { labeler, project } = await setup();
    const api = await signedIn(page, labeler.email);

    const response = await api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(response.status()).toBe(200);
    const raw = await response.text();
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain('goldRanking');
    const task = (JSON.parse(raw) as { task: Task }).task;
    expect(Object.keys(task).sort()).toEqual(['assignmentId', 'draft', 'leaseExpiresAt', 'messages', 'responses', 'taxonomyVersion']);
    expect(task.responses.map((r) => r.label)).toEqual(['A', 'B', 'C']);
    expect(task.responses.map((r) => Object.keys(r).sort())).toEqual([
      ['id', 'label', 'text'],
      ['id', 'label', 'text'],
      ['id', 'label', 'text'],
    ]);
    const stored = await db().assignment.findUniqueOrThrow({
      where: { id: task.assignmentId },
      select: { userId: true, shownOrder: true, taxonomyVersion: true },
    });
    expect(stored.userId).toBe(labeler.id);
    expect(task.responses.map((r) => r.id)).toEqual(stored.shownOrder);
    expect(task.taxonomyVersion).toBe(stored.taxonomyVersion);

    // Asking again while the task is live returns the same task.
    expect((await claim(api, project.id)).assignmentId).toBe(task.assignmentId);

    const url = `/api/v1/projects/${project.id}/assignments/${task.assignmentId}/submit`;
    const first = await api.post(url, { data: submitBody(task) });
    expect(first.status()).toBe(200);
    const firstBody = await first.json();
    expect(firstBody.duplicate).toBe(false);
    const again = await api.post(url, { data: submitBody(task) });
    expect(again.status()).toBe(200);
    expect(await again.json()).toEqual({ judgmentId: firstBody.judgmentId, duplicate: true });
    const judgments = await db().judgment.findMany({
      where: { assignmentId: task.assignmentId },
      select: { id: true, ranking: true, durationMs: true },
    });
    expect(judgments).toEqual([{ id: firstBody.judgmentId, ranking: task.responses.map((r) => [r.id]), durationMs: 4200 }]);

    // The next claim is the other item; then nothing is left.
    const next = await claim(api, project.id);
    expect(next.assignmentId).not.toBe(task.assignmentId);
    expect(
      (await api.post(`/api/v1/projects/${project.id}/assignments/${next.assignmentId}/submit`, { data: submitBody(next) })).status(),
    ).toBe(200);
    const none = await api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(await none.json()).toEqual({ task: null });
  });

  test('"the rest tie below" is accepted and stored; a partial ranking is refused, never completed', async ({ page }) => {
    const { labeler, project } = await setup(1);
    const api = await signedIn(page, labeler.email);
    const task = await claim(api, project.id);
    const [a, b, c] = task.responses.map((r) => r.id);
    const url = `/api/v1/projects/${project.id}/assignments/${task.assignmentId}/submit`;
    const partial = await api.post(url, { data: { ...submitBody(task), ranking: [[b]], restGroupedBelow: true } });
    expect(partial.status()).toBe(400);
    expect((await partial.json()).fieldErrors.ranking[0]).toMatch(/Every response must be ranked/);
    const withoutRanking = await api.post(url, {
      data: { ...submitBody(task), ranking: [], allUnacceptable: true, restGroupedBelow: true },
    });
    expect(withoutRanking.status()).toBe(400);
    expect(Object.keys((await withoutRanking.json()).fieldErrors)).toContain('restGroupedBelow');
    expect(await db().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(0);
    const ok = await api.post(url, { data: { ...submitBody(task), ranking: [[b], [a, c]], restGroupedBelow: true } });
    expect(ok.status()).toBe(200);
    expect(
      await db().judgment.findUniqueOrThrow({
        where: { assignmentId: task.assignmentId },
        select: { ranking: true, restGroupedBelow: true },
      }),
    ).toEqual({ ranking: [[b], [a, c]], restGroupedBelow: true });
  });

  test('a bad body is refused with 400 naming the field, malformed JSON too, and nothing is written', async ({ page }) => {
    const { labeler, project } = await setup(1);
    const api = await signedIn(page, labeler.email);
    const task = await claim(api, project.id);
    const url = `/api/v1/projects/${project.id}/assignments/${task.assignmentId}/submit`;

    const wrongType = await api.post(url, { data: { ...submitBody(task), ranking: 'first' } });
    expect(wrongType.status()).toBe(400);
    const body = await wrongType.json();
    expect(body.error).toMatch(/^ranking: /);
    expect(Object.keys(body.fieldErrors)).toContain('ranking');

    const notAWeakOrder = await api.post(url, { data: { ...submitBody(task), ranking: [[task.responses[0]?.id]] } });
    expect(notAWeakOrder.status()).toBe(400);
    expect((await notAWeakOrder.json()).fieldErrors.ranking[0]).toMatch(/Every response must be ranked/);

    const skipWithoutNote = await api.post(`/api/v1/projects/${project.id}/assignments/${task.assignmentId}/skip`, {
      data: { reason: 'other' },
    });
    expect(skipWithoutNote.status()).toBe(400);
    expect((await skipWithoutNote.json()).fieldErrors).toHaveProperty('note');

    for (const data of ['{"ranking": [', '[1, 2]', '']) {
      const malformed = await api.post(url, { headers: { 'content-type': 'application/json' }, data });
      expect(malformed.status(), data).toBe(400);
      expect((await malformed.json()).error).toMatch(/JSON/);
    }
    expect(await db().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(0);
    expect((await db().assignment.findUniqueOrThrow({ where: { id: task.assignmentId } })).status).toBe('ACTIVE');
  });

  test('drafts are saved and come back with the task; a skip frees the task for good', async ({ page }) => {
    const { labeler, project } = await setup(1);
    const api = await signedIn(page, labeler.email);
    const task = await claim(api, project.id);
    const base = `/api/v1/projects/${project.id}/assignments/${task.assignmentId}`;
    const draft = { ratings: [{ responseId: task.responses[1]?.id, likert: 5 }], activeMs: 1500 };

    const saved = await api.put(`${base}/draft`, { data: { draft } });
    expect(saved.status()).toBe(200);
    expect(Date.parse((await saved.json()).savedAt)).not.toBeNaN();
    expect((await claim(api, project.id)).draft).toMatchObject({
      ratings: [{ responseId: task.responses[1]?.id, likert: 5 }],
      activeMs: 1500,
    });
    const foreign = await api.put(`${base}/draft`, { data: { draft: { ratings: [{ responseId: crypto.randomUUID(), likert: 5 }] } } });
    expect(foreign.status()).toBe(400);

    const skipped = await api.post(`${base}/skip`, { data: { reason: 'broken' } });
    expect(await skipped.json()).toEqual({ skipped: true });
    expect((await api.post(`${base}/skip`, { data: { reason: 'broken' } })).status()).toBe(200);
    expect((await api.post(`${base}/submit`, { data: submitBody(task) })).status()).toBe(409);
    expect(await (await api.post(`/api/v1/projects/${project.id}/tasks/next`)).json()).toEqual({ task: null });
    expect(
      await db().assignment.findUniqueOrThrow({ where: { id: task.assignmentId }, select: { status: true, skipReason: true } }),
    ).toEqual({ status: 'SKIPPED', skipReason: 'broken' });
  });

  test('while a task of another kind is open in the app, a claim is 409 naming it and hands out no ranking', async ({ page }) => {
    const { labeler, project } = await setup();
    // A demonstration the labeler began in the app (the project's mix enables them).
    await db().project.update({ where: { id: project.id }, data: { settings: { taskMix: { rank: 1, demonstrate: 1 } } } });
    const item = await db().item.findFirstOrThrow({ where: { projectId: project.id }, select: { id: true } });
    await db().assignment.create({
      data: {
        projectId: project.id,
        itemId: item.id,
        userId: labeler.id,
        kind: 'DEMONSTRATE',
        slot: 0,
        leaseExpiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const api = await signedIn(page, labeler.email);
    const response = await api.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(response.status()).toBe(409);
    expect((await response.json()).error).toMatch(/demonstration task open in this project/);
    expect(await db().assignment.count({ where: { projectId: project.id, userId: labeler.id, kind: 'RANK' } })).toBe(0);
    // Once it is submitted, the API hands out a ranking again.
    await db().assignment.updateMany({
      where: { projectId: project.id, userId: labeler.id, kind: 'DEMONSTRATE' },
      data: { status: 'SUBMITTED', submittedAt: new Date() },
    });
    await claim(api, project.id);
  });

  test('another site’s Origin is refused with 403 and claims nothing', async ({ page }) => {
    const { labeler, project } = await setup(1);
    const api = await signedIn(page, labeler.email);
    for (const origin of ['https://evil.example', 'null']) {
      const response = await api.post(`/api/v1/projects/${project.id}/tasks/next`, { headers: { origin } });
      expect(response.status(), origin).toBe(403);
      expect((await response.json()).error).toMatch(/another site/);
    }
    expect(await db().assignment.count({ where: { projectId: project.id } })).toBe(0);
    // The app's own origin passes: the refusal was the Origin check.
    const own = new URL(page.url()).origin;
    expect((await api.post(`/api/v1/projects/${project.id}/tasks/next`, { headers: { origin: own } })).status()).toBe(200);
  });

  test("another labeler's assignment is 404 for submit, skip and draft, and stays untouched", async ({ page, browser }) => {
    const { labeler, other, project } = await setup(1);
    const mine = await claim(await signedIn(page, labeler.email), project.id);
    const otherPage = await (await browser.newContext()).newPage();
    const api = await signedIn(otherPage, other.email);
    const base = `/api/v1/projects/${project.id}/assignments/${mine.assignmentId}`;

    const submit = await api.post(`${base}/submit`, { data: submitBody(mine) });
    expect(submit.status()).toBe(404);
    expect((await submit.json()).error).toBe('No such task');
    expect((await api.post(`${base}/skip`, { data: { reason: 'broken' } })).status()).toBe(404);
    expect((await api.put(`${base}/draft`, { data: { draft: {} } })).status()).toBe(404);
    expect((await api.post(`/api/v1/projects/${project.id}/assignments/not-an-id/submit`, { data: submitBody(mine) })).status()).toBe(404);
    expect(await db().assignment.findUniqueOrThrow({ where: { id: mine.assignmentId }, select: { status: true, draft: true } })).toEqual({
      status: 'ACTIVE',
      draft: null,
    });
    expect(await db().judgment.count({ where: { assignmentId: mine.assignmentId } })).toBe(0);
  });

  test('refuses the signed-out (401), non-members and unknown projects (404), other roles and paused members (403)', async ({
    page,
    browser,
    playwright,
  }) => {
    const { labeler, project } = await setup(1);
    const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    const signedOut = await anonymous.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(signedOut.status()).toBe(401);
    await anonymous.dispose();

    const outsider = await makeUser('LABELER');
    const outsiderApi = await signedIn(page, outsider.email);
    expect((await outsiderApi.post(`/api/v1/projects/${project.id}/tasks/next`)).status()).toBe(404);
    expect((await outsiderApi.post(`/api/v1/projects/${crypto.randomUUID()}/tasks/next`)).status()).toBe(404);
    expect((await outsiderApi.post(`/api/v1/projects/not-a-project/tasks/next`)).status()).toBe(404);

    const researcher = await makeUser('RESEARCHER');
    await db().membership.create({ data: { projectId: project.id, userId: researcher.id } });
    const researcherApi = await signedIn(await (await browser.newContext()).newPage(), researcher.email, '/projects');
    expect((await researcherApi.post(`/api/v1/projects/${project.id}/tasks/next`)).status()).toBe(403);

    await db().membership.update({ where: { projectId_userId: { projectId: project.id, userId: labeler.id } }, data: { paused: true } });
    const pausedApi = await signedIn(await (await browser.newContext()).newPage(), labeler.email);
    const paused = await pausedApi.post(`/api/v1/projects/${project.id}/tasks/next`);
    expect(paused.status()).toBe(403);
    expect((await paused.json()).error).toMatch(/paused/);
    expect(await db().assignment.count({ where: { projectId: project.id } })).toBe(0);
  });

  test('a deactivated account is signed out of the API at once', async ({ page }) => {
    const { labeler, project } = await setup(1);
    const api = await signedIn(page, labeler.email);
    expect((await api.post(`/api/v1/projects/${project.id}/tasks/next`)).status()).toBe(200);
    await db().user.update({ where: { id: labeler.id }, data: { active: false, sessionVersion: { increment: 1 } } });
    expect((await api.post(`/api/v1/projects/${project.id}/tasks/next`)).status()).toBe(401);
  });
});
