/**
 * Study links (issue 30) against a real PostgreSQL: admission by URL parameters (a pseudonymous
 * account with no password, a membership in the link's project only), the one-time entry ticket
 * of the `study` sign-in provider, resume by platform id, the tasks quota, gold screening, timeout
 * and return releasing work through the engine, exports carrying no platform id, and who may see
 * the participants table (the lead's page called as Next calls it, with a real session).
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { refusal } from '../helpers/refusal';
import { unzip } from '../helpers/unzip';

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

const { buildItem, buildProject, buildUser, insertItems } = await import('@/lib/builders');
const { getDb, getPgPool } = await import('@/lib/db');
const { authenticate } = await import('@/lib/auth/authenticate');
const { studyCredentialsProvider } = await import('@/lib/auth/study-provider');
const { createStudyLink } = await import('@/lib/study/create-study-link');
const { admitParticipant } = await import('@/lib/study/admit-participant');
const { getStudyGate } = await import('@/lib/study/get-study-gate');
const { sweepStudyParticipants } = await import('@/lib/study/sweep-study-participants');
const { markParticipantReturned } = await import('@/lib/study/mark-participant-returned');
const { findStudyLinks } = await import('@/lib/study/find-study-links');
const { ZCreateStudyLink, ZSetStudyLinkOpen } = await import('@/lib/study/schemas');
const { setStudyLinkOpen } = await import('@/lib/study/set-study-link-open');
const { claimMixedTask, MemberPausedError } = await import('@/lib/tasks/claim-next');
const { submitRanking } = await import('@/lib/tasks/kinds/rank');
const { createExportSnapshot } = await import('@/lib/export/create-export-snapshot');
const { buildExportSnapshot } = await import('@/lib/export/build-export-snapshot');
const { ZExportRequest } = await import('@/lib/export/schemas');
const { labelerPseudonym } = await import('@/lib/export/labeler-pseudonym');
const { default: StudyLinksPage } = await import('@/app/(app)/projects/[projectId]/study/page');
const { default: LabelProjectPage } = await import('@/app/(app)/label/[projectId]/page');

type Setup = Awaited<ReturnType<typeof setup>>;
let world: Setup;

async function setup() {
  const lead = await buildUser({ role: 'LEAD', password: null });
  const labeler = await buildUser({ role: 'LABELER', password: null });
  const otherLabeler = await buildUser({ role: 'LABELER', password: null });
  const project = await buildProject({ actorId: lead.id, overlap: 2, members: [labeler.email] });
  const other = await buildProject({ actorId: lead.id, members: [otherLabeler.email] });
  await insertItems({ projectId: project.id, count: 12, responses: 3 });
  await insertItems({ projectId: other.id, count: 3, responses: 2 });
  return { lead, labeler, otherLabeler, project, other };
}

beforeAll(async () => {
  world = await setup();
});

const linkInput = (over: Record<string, unknown> = {}) =>
  ZCreateStudyLink.parse({
    projectId: world.project.id,
    name: 'Pilot',
    platform: 'Prolific',
    quotaKind: 'tasks',
    quota: '2',
    completionCode: 'C1234ABC',
    timeoutMinutes: '30',
    ...over,
  });

const newLink = async (over: Record<string, unknown> = {}) => createStudyLink({ actorId: world.lead.id, input: linkInput(over) });
let pidCounter = 0;
const pid = () => `5f${String(++pidCounter).padStart(22, '0')}`;
const prolific = (p: string, extra: Record<string, string> = {}) => ({
  PROLIFIC_PID: p,
  STUDY_ID: 'STUDY987654',
  SESSION_ID: `SESS${p}`,
  ...extra,
});
const authorize = (ticket: string) => {
  const provider = studyCredentialsProvider() as unknown as {
    options: { authorize: (c: Record<string, string>, r: unknown) => Promise<unknown> };
  };
  return provider.options.authorize({ ticket }, {}) as Promise<{ id: string } | null>;
};
const participantOf = (userId: string) => getDb().studyParticipant.findUniqueOrThrow({ where: { userId } });
const userOf = async (linkId: string, p: string) =>
  (await getDb().studyParticipant.findFirstOrThrow({ where: { linkId, platformPid: p } })).userId;

/** Submits the participant's live ranking task in the shown order (or reversed). */
async function rankLive(userId: string, options: { reverse?: boolean } = {}) {
  const task = await claimMixedTask({ projectId: world.project.id, userId });
  if (!task) throw new Error('no task');
  const a = await getDb().assignment.findUniqueOrThrow({ where: { id: task.assignmentId }, select: { shownOrder: true } });
  const order = options.reverse ? [...a.shownOrder].reverse() : a.shownOrder;
  await submitRanking({
    userId,
    projectId: world.project.id,
    input: {
      assignmentId: task.assignmentId,
      ranking: order.map((id) => [id]),
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 4000,
    },
  });
  return task.assignmentId;
}

describe('admission', () => {
  it('creates a pseudonymous labeler of that project only, with no password and a non-deliverable email', async () => {
    const link = await newLink();
    const p = pid();
    const admitted = await admitParticipant({ token: link.token, query: prolific(p) });
    expect(admitted).toMatchObject({ resumed: false, projectId: world.project.id });
    const participant = await getDb().studyParticipant.findUniqueOrThrow({
      where: { id: admitted.participantId },
      include: { user: true },
    });
    expect(participant).toMatchObject({ platformPid: p, studyId: 'STUDY987654', sessionId: `SESS${p}`, status: 'ACTIVE' });
    const { user } = participant;
    expect(user.passwordHash).toBeNull();
    expect(user.role).toBe('LABELER');
    expect(user.email).toMatch(/@participants\.invalid$/);
    expect(user.importKey).toMatch(new RegExp(`^study:${link.id}:[0-9a-f]{64}$`));
    for (const field of [user.email, user.name, user.importKey]) expect(field).not.toContain(p);
    const memberships = await getDb().membership.findMany({ where: { userId: user.id }, select: { projectId: true } });
    expect(memberships).toEqual([{ projectId: world.project.id }]);
    // No password sign-in, whatever is typed.
    for (const password of ['', 'x'.repeat(12), p]) {
      expect((await refusal(authenticate({ email: user.email, password: password || 'nothing at all', ip: '10.9.9.9' }))).code).toBe(
        'UNAUTHENTICATED',
      );
    }
  });

  it('signs in once with the entry ticket, never twice and never after it expired', async () => {
    const link = await newLink();
    const admitted = await admitParticipant({ token: link.token, query: prolific(pid()) });
    const userId = (await getDb().studyParticipant.findUniqueOrThrow({ where: { id: admitted.participantId } })).userId;
    expect(await authorize(admitted.ticket)).toMatchObject({ id: userId, role: 'LABELER' });
    expect(await authorize(admitted.ticket)).toBeNull();
    const again = await admitParticipant({ token: link.token, query: prolific(pid()) });
    await getDb().studyParticipant.update({
      where: { id: again.participantId },
      data: { entryTicketExpiresAt: new Date(Date.now() - 1000) },
    });
    expect(await authorize(again.ticket)).toBeNull();
    expect(await authorize('not-a-ticket-at-all-but-long-enough')).toBeNull();
  });

  it('names the missing or malformed parameter, refuses an unknown token, and takes other panels’ parameter names', async () => {
    const link = await newLink();
    const missing = await refusal(admitParticipant({ token: link.token, query: { STUDY_ID: 'S', SESSION_ID: 'X' } }));
    expect(missing.message).toBe('The link is missing the parameter PROLIFIC_PID.');
    expect((await refusal(admitParticipant({ token: link.token, query: { PROLIFIC_PID: pid(), STUDY_ID: 'S' } }))).message).toMatch(
      /SESSION_ID/,
    );
    expect((await refusal(admitParticipant({ token: link.token, query: prolific('bad id <script>') }))).message).toMatch(
      /^The parameter PROLIFIC_PID must be/,
    );
    expect((await refusal(admitParticipant({ token: 'x'.repeat(43), query: prolific(pid()) }))).code).toBe('NOT_FOUND');
    const mturk = await newLink({ platform: 'MTurk', pidParam: 'workerId', studyParam: 'hitId', sessionParam: 'assignmentId' });
    const admitted = await admitParticipant({ token: mturk.token, query: { workerId: 'A1B2C3D4E5', hitId: 'H1', assignmentId: 'AS1' } });
    expect((await getDb().studyParticipant.findUniqueOrThrow({ where: { id: admitted.participantId } })).platformPid).toBe('A1B2C3D4E5');
    expect((await refusal(admitParticipant({ token: mturk.token, query: prolific(pid()) }))).message).toMatch(/workerId/);
  });

  it('resumes a returning participant: same account, same live assignment', async () => {
    const link = await newLink();
    const p = pid();
    const first = await admitParticipant({ token: link.token, query: prolific(p) });
    const userId = await userOf(link.id, p);
    const task = await claimMixedTask({ projectId: world.project.id, userId });
    const second = await admitParticipant({ token: link.token, query: prolific(p) });
    expect(second).toMatchObject({ resumed: true, participantId: first.participantId });
    expect(await userOf(link.id, p)).toBe(userId);
    expect((await claimMixedTask({ projectId: world.project.id, userId }))?.assignmentId).toBe(task?.assignmentId);
    expect(await getDb().user.count({ where: { importKey: { startsWith: `study:${link.id}:` } } })).toBe(1);
  });
  it('a closed link admits no one new but lets participants already in resume', async () => {
    const link = await newLink();
    const p = pid();
    const first = await admitParticipant({ token: link.token, query: prolific(p) });
    const close = (projectId: string, open: boolean) =>
      setStudyLinkOpen({ actorId: world.lead.id, input: ZSetStudyLinkOpen.parse({ projectId, linkId: link.id, open: String(open) }) });
    expect((await refusal(close(world.other.id, false))).code).toBe('NOT_FOUND');
    await close(world.project.id, false);
    expect((await refusal(admitParticipant({ token: link.token, query: prolific(pid()) }))).message).toBe(
      'This study is closed to new participants.',
    );
    expect(await admitParticipant({ token: link.token, query: prolific(p) })).toMatchObject({
      resumed: true,
      participantId: first.participantId,
    });
    await close(world.project.id, true);
    expect(await admitParticipant({ token: link.token, query: prolific(pid()) })).toMatchObject({ resumed: false });
  });
});

describe('during the study', () => {
  it('at the quota the participant gets the completion code and no more tasks', async () => {
    const link = await newLink({ quota: '2', completionUrl: 'http://127.0.0.1:9/complete?cc=C1234ABC' });
    const p = pid();
    await admitParticipant({ token: link.token, query: prolific(p) });
    const userId = await userOf(link.id, p);
    expect(await getStudyGate({ userId, projectId: world.project.id })).toMatchObject({ status: 'ACTIVE', tasksDone: 0, quotaTasks: 2 });
    await rankLive(userId);
    expect(await getStudyGate({ userId, projectId: world.project.id })).toMatchObject({ status: 'ACTIVE', tasksDone: 1 });
    await rankLive(userId);
    const gate = await getStudyGate({ userId, projectId: world.project.id });
    expect(gate).toMatchObject({
      status: 'COMPLETED',
      tasksDone: 2,
      code: 'C1234ABC',
      redirectTo: 'http://127.0.0.1:9/complete?cc=C1234ABC',
    });
    await expect(claimMixedTask({ projectId: world.project.id, userId })).rejects.toBeInstanceOf(MemberPausedError);
    // Coming back shows the same end.
    await admitParticipant({ token: link.token, query: prolific(p) });
    expect(await getStudyGate({ userId, projectId: world.project.id })).toMatchObject({ status: 'COMPLETED', code: 'C1234ABC' });
    expect(await getStudyGate({ userId: world.labeler.id, projectId: world.project.id })).toBeNull();
  });

  it('screens out a participant whose first gold rankings disagree with gold', async () => {
    // A project of gold items only, so the first task is gold whatever the claim's order.
    const screening = await buildProject({ actorId: world.lead.id, overlap: 2 });
    await buildItem({ projectId: screening.id, responses: 3, gold: [0, 1, 2] });
    await buildItem({ projectId: screening.id, externalId: 'gold-2', responses: 3, gold: [2, 1, 0] });
    const link = await newLink({
      projectId: screening.id,
      quota: '5',
      screenOutCode: 'SCREEN01',
      screeningGoldCount: '1',
      screeningMinAccuracy: '60',
    });
    // One who ranks the gold item reversed, one who ranks it as gold says.
    const [bad, good] = [pid(), pid()];
    await admitParticipant({ token: link.token, query: prolific(bad) });
    await admitParticipant({ token: link.token, query: prolific(good) });
    const [badId, goodId] = [await userOf(link.id, bad), await userOf(link.id, good)];
    for (const [userId, reverse] of [
      [badId, true],
      [goodId, false],
    ] as const) {
      const task = await claimMixedTask({ projectId: screening.id, userId });
      const a = await getDb().assignment.findUniqueOrThrow({
        where: { id: task!.assignmentId },
        select: { itemId: true, shownOrder: true },
      });
      // The gold ranking as stored (either gold item may come first); the labeler never sees it.
      const stored = await getDb().item.findUniqueOrThrow({ where: { id: a.itemId }, select: { goldRanking: true } });
      const ids = (stored.goldRanking as string[][]).flat();
      expect(ids).toHaveLength(3);
      await submitRanking({
        userId,
        projectId: screening.id,
        input: {
          assignmentId: task!.assignmentId,
          ranking: (reverse ? [...ids].reverse() : ids).map((id) => [id]),
          allUnacceptable: false,
          ratings: [],
          promptFlags: [],
          durationMs: 4000,
        },
      });
    }
    expect(await getStudyGate({ userId: badId, projectId: screening.id })).toMatchObject({ status: 'SCREENED_OUT', code: 'SCREEN01' });
    await expect(claimMixedTask({ projectId: screening.id, userId: badId })).rejects.toBeInstanceOf(MemberPausedError);
    expect(await getStudyGate({ userId: goodId, projectId: screening.id })).toMatchObject({ status: 'ACTIVE', tasksDone: 1 });
  });

  it('a timed-out session releases its live task at once and cannot submit after', async () => {
    const link = await newLink({ timeoutMinutes: '5' });
    const p = pid();
    await admitParticipant({ token: link.token, query: prolific(p) });
    const userId = await userOf(link.id, p);
    const task = await claimMixedTask({ projectId: world.project.id, userId });
    const a = await getDb().assignment.findUniqueOrThrow({ where: { id: task!.assignmentId } });
    expect(await sweepStudyParticipants()).toBe(0); // not yet
    await getDb().studyParticipant.update({ where: { userId }, data: { startedAt: new Date(Date.now() - 6 * 60_000) } });
    expect(await sweepStudyParticipants()).toBeGreaterThanOrEqual(1);
    expect(await getDb().assignment.findUniqueOrThrow({ where: { id: a.id }, select: { status: true, slot: true } })).toEqual({
      status: 'RELEASED',
      slot: null,
    });
    expect(await participantOf(userId)).toMatchObject({ status: 'TIMED_OUT', tasksDone: 0 });
    const late = await refusal(
      submitRanking({
        userId,
        projectId: world.project.id,
        input: {
          assignmentId: a.id,
          ranking: a.shownOrder.map((id) => [id]),
          allUnacceptable: false,
          ratings: [],
          promptFlags: [],
          durationMs: 1,
        },
      }),
    );
    expect(late.message).toMatch(/took this task back/);
    expect(await getStudyGate({ userId, projectId: world.project.id })).toMatchObject({ status: 'TIMED_OUT', code: null });
  });

  it('a lead marks a participant returned: their task goes back to the pool', async () => {
    const link = await newLink();
    const p = pid();
    const admitted = await admitParticipant({ token: link.token, query: prolific(p) });
    const userId = await userOf(link.id, p);
    const task = await claimMixedTask({ projectId: world.project.id, userId });
    // Another project's id does not reach this participant.
    expect(
      (
        await refusal(
          markParticipantReturned({ actorId: world.lead.id, input: { projectId: world.other.id, participantId: admitted.participantId } }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    await markParticipantReturned({
      actorId: world.lead.id,
      input: { projectId: world.project.id, participantId: admitted.participantId },
    });
    expect((await getDb().assignment.findUniqueOrThrow({ where: { id: task!.assignmentId } })).status).toBe('RELEASED');
    expect(await participantOf(userId)).toMatchObject({ status: 'RETURNED' });
    const row = (await findStudyLinks({ projectId: world.project.id })).find((l) => l.id === link.id)!.participants[0]!;
    expect(row).toMatchObject({ platformPid: p, status: 'RETURNED', studyId: 'STUDY987654' });
  });
});

describe('privacy and authorization', () => {
  it('exports carry the pseudonym, never the platform ids', async () => {
    const link = await newLink({ quota: '3' });
    const p = pid();
    const query = prolific(p, { STUDY_ID: 'STUDYXYZ42', SESSION_ID: 'SESSIONQRS77' });
    await admitParticipant({ token: link.token, query });
    const userId = await userOf(link.id, p);
    await rankLive(userId);
    const { id } = await createExportSnapshot({
      projectId: world.project.id,
      actorId: world.lead.id,
      request: ZExportRequest.parse({ format: 'raw' }),
    });
    await buildExportSnapshot({ snapshotId: id });
    const { rows } = await getPgPool().query<{ data: Buffer }>(
      'SELECT data FROM export_snapshot_chunks WHERE "snapshotId" = $1 ORDER BY seq',
      [id],
    );
    const files = await unzip(Buffer.concat(rows.map((r) => r.data)));
    const text = files.map((f) => f.bytes.toString('utf8')).join('\n');
    expect(text).toContain(labelerPseudonym(world.project.id, userId));
    for (const secret of [p, 'STUDYXYZ42', 'SESSIONQRS77']) expect(text).not.toContain(secret);
    const user = await getDb().user.findUniqueOrThrow({ where: { id: userId } });
    for (const own of [user.email, user.name, user.importKey!, userId]) expect(text).not.toContain(own);
  });

  it('a participant reaches no other project; the participants page is for the project’s leads', async () => {
    const link = await newLink();
    const p = pid();
    await admitParticipant({ token: link.token, query: prolific(p) });
    const userId = await userOf(link.id, p);
    const as = async (id: string) => {
      const { sessionVersion } = await getDb().user.findUniqueOrThrow({ where: { id }, select: { sessionVersion: true } });
      session.current = { user: { id, sv: sessionVersion } };
    };
    const outcome = (render: Promise<unknown>) =>
      render.then(
        () => 200,
        (e: { digest?: string }) => e.digest ?? String(e),
      );
    await as(userId);
    expect(await outcome(LabelProjectPage({ params: Promise.resolve({ projectId: world.other.id }) }))).toBe(
      'NEXT_HTTP_ERROR_FALLBACK;404',
    );
    expect(await outcome(LabelProjectPage({ params: Promise.resolve({ projectId: world.project.id }) }))).toBe(200);
    expect(await outcome(StudyLinksPage({ params: Promise.resolve({ projectId: world.project.id }) }))).toBe(
      'NEXT_HTTP_ERROR_FALLBACK;403',
    );
    await as(world.otherLabeler.id);
    expect(await outcome(StudyLinksPage({ params: Promise.resolve({ projectId: world.project.id }) }))).toBe(
      'NEXT_HTTP_ERROR_FALLBACK;404',
    );
    await as(world.labeler.id);
    expect(await outcome(StudyLinksPage({ params: Promise.resolve({ projectId: world.project.id }) }))).toBe(
      'NEXT_HTTP_ERROR_FALLBACK;403',
    );
    await as(world.lead.id);
    expect(await outcome(StudyLinksPage({ params: Promise.resolve({ projectId: world.project.id }) }))).toBe(200);
    session.current = null;
  });
});
