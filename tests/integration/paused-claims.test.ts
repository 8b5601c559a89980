/**
 * "Paused members get no task" (PRODUCT §5) through the real claim paths: the task page
 * (app/(app)/label/[projectId]/page.tsx, which calls claimMixedTask) and the labeler API's
 * POST /tasks/next (runLabelerRoute → claimRankingTask). No server action claims a task: after a
 * submit or skip the screen re-renders the page, which claims; the screen's server actions (draft,
 * submit, skip) refuse the task a pause took back. Each path is called as Next calls it, with a
 * real session, against a real PostgreSQL; the unpaused half of each test shows the same call does
 * hand out (or accept) a task, so the refusal is the rule and not an empty pool.
 */
import { encode } from 'next-auth/jwt';
import { beforeAll, describe, expect, it, vi } from 'vitest';
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

const { default: LabelProjectPage } = await import('@/app/(app)/label/[projectId]/page');
const actions = await import('@/app/(app)/label/[projectId]/actions');
const nextTask = await import('@/app/api/v1/projects/[projectId]/tasks/next/route');
const { getDb } = await import('@/lib/db');
const { setMemberPaused } = await import('@/lib/dashboard/set-member-paused');
const { createUser } = await import('@/lib/users/create-user');
const { addMember } = await import('@/lib/projects/add-member');
const { claimMixedTask, claimRankingTask, MemberPausedError } = await import('@/lib/tasks/claim-next');

const PAUSED = 'Your lead has paused your work in this project. Tasks you already submitted still count.';

let world: World;
beforeAll(async () => {
  world = await makeWorld({ items: 6 });
});

/** A labeler of the world's project with no assignment yet (so a claim has work to hand out). */
async function freshLabeler(name: string) {
  const email = `${name}-${world.project.id.slice(0, 8)}@paused.test`;
  const user = await createUser({ actorId: null, input: { email, name, role: 'LABELER', password: 'correct-horse-battery' } });
  await addMember({ actorId: null, input: { projectId: world.project.id, email } });
  const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
  return { id: user.id, sv: sessionVersion };
}

const pause = (userId: string, paused: boolean) =>
  setMemberPaused({ actorId: world.users.lead.id, projectId: world.project.id, userId, paused });
const liveAssignments = (userId: string) => getDb().assignment.count({ where: { projectId: world.project.id, userId, status: 'ACTIVE' } });

describe('a paused member gets no task', () => {
  it("from claimMixedTask (the page's claim) and claimRankingTask (the API's)", async () => {
    const u = await freshLabeler('lib-claims');
    await pause(u.id, true);
    const options = { projectId: world.project.id, userId: u.id };
    for (const claim of [claimMixedTask, claimRankingTask]) {
      const error = await claim(options).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MemberPausedError);
      expect(error).toMatchObject({ code: 'FORBIDDEN', message: PAUSED });
    }
    expect(await liveAssignments(u.id)).toBe(0);

    await pause(u.id, false);
    const claimed = await claimMixedTask(options);
    expect(claimed).toMatchObject({ kind: 'RANK', projectId: world.project.id, resumed: false });
    expect(await claimRankingTask(options)).toMatchObject({ kind: 'RANK', assignmentId: claimed!.assignmentId, resumed: true });
  });

  it('on the task page: "Labeling is paused" and no assignment; unpaused, the page claims one', async () => {
    const u = await freshLabeler('page');
    session.current = { user: u };
    const render = async () => JSON.stringify(await LabelProjectPage({ params: Promise.resolve({ projectId: world.project.id }) }));

    await pause(u.id, true);
    const paused = await render();
    expect(paused).toContain('"title":"Labeling is paused"');
    expect(await liveAssignments(u.id)).toBe(0);

    await pause(u.id, false);
    const working = await render();
    expect(working).not.toContain('Labeling is paused');
    const live = await getDb().assignment.findMany({
      where: { projectId: world.project.id, userId: u.id, status: 'ACTIVE' },
      select: { id: true },
    });
    expect(live).toHaveLength(1);
    expect(working).toContain(live[0]!.id);
  });

  it('from POST /api/v1/projects/{id}/tasks/next: 403 naming the pause; unpaused, 200 with a task', async () => {
    const u = await freshLabeler('api');
    const cookie = `next-auth.session-token=${await encode({ token: { uid: u.id, sv: u.sv, role: 'LABELER' }, secret: process.env.NEXTAUTH_SECRET! })}`;
    const post = async () => {
      const response = await nextTask.POST(
        new Request(`http://app.test/api/v1/projects/${world.project.id}/tasks/next`, {
          method: 'POST',
          headers: { cookie, host: 'app.test', origin: 'http://app.test' },
        }),
        { params: Promise.resolve({ projectId: world.project.id }) },
      );
      return { status: response.status, body: (await response.json()) as { error?: string; task?: { assignmentId: string } | null } };
    };

    await pause(u.id, true);
    expect(await post()).toEqual({ status: 403, body: { error: PAUSED } });
    expect(await liveAssignments(u.id)).toBe(0);

    await pause(u.id, false);
    const working = await post();
    expect(working.status).toBe(200);
    const live = await getDb().assignment.findFirstOrThrow({
      where: { projectId: world.project.id, userId: u.id, status: 'ACTIVE' },
      select: { id: true },
    });
    expect(working.body.task?.assignmentId).toBe(live.id);
  });

  it("from the screen's server actions: the task the pause took back is refused by draft, submit and skip; unpaused, the next one submits", async () => {
    const u = await freshLabeler('actions');
    session.current = { user: u };
    const projectId = world.project.id;
    const claimed = await claimMixedTask({ projectId, userId: u.id });
    expect(claimed).toMatchObject({ kind: 'RANK', resumed: false });
    const { shownOrder } = await getDb().assignment.findUniqueOrThrow({
      where: { id: claimed!.assignmentId },
      select: { shownOrder: true },
    });
    const submit = (assignmentId: string, order: string[]) =>
      actions.submitRankingAction(projectId, 'en', {
        assignmentId,
        ranking: order.map((id) => [id]),
        allUnacceptable: false,
        ratings: [],
        promptFlags: [],
        durationMs: 1000,
      });

    await pause(u.id, true);
    expect(await liveAssignments(u.id)).toBe(0);
    expect(
      await actions.saveDraftAction(projectId, { assignmentId: claimed!.assignmentId, draft: { ranking: [[shownOrder[0]!]] } }),
    ).toEqual({ ok: false, error: 'This task is no longer yours' });
    expect(await submit(claimed!.assignmentId, shownOrder)).toEqual({
      ok: false,
      error: 'Your lead took this task back (labeling paused). Your answers are still on this page to copy.',
    });
    expect(await actions.skipTaskAction(projectId, { assignmentId: claimed!.assignmentId, reason: 'ambiguous' })).toEqual({
      ok: false,
      error: 'This task is no longer yours',
    });
    expect(await getDb().judgment.count({ where: { userId: u.id } })).toBe(0);

    await pause(u.id, false);
    const next = await claimMixedTask({ projectId, userId: u.id });
    const order = (await getDb().assignment.findUniqueOrThrow({ where: { id: next!.assignmentId }, select: { shownOrder: true } }))
      .shownOrder;
    expect(await submit(next!.assignmentId, order)).toEqual({ ok: true, duplicate: false });
    expect(await getDb().judgment.count({ where: { userId: u.id } })).toBe(1);
  });
});
