/**
 * Issue 21, the outside security probe: one test per item that failed or was tightened, against a
 * real PostgreSQL. Item 2 (storable input) is covered by the fuzz suites (fuzz-routes.test.ts,
 * fuzz-actions.test.ts: NUL, unpaired surrogates, deep nesting and 1e400 in every field), item 7
 * (IPv6 forms of private addresses) by export-webhooks.test.ts, item 3 by the dataset card's tests.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refusal } from '../helpers/refusal';
import { liveAssignment, makeWorld } from '../security/world';
import { authenticate } from '@/lib/auth/authenticate';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getMyQuality, MY_QUALITY_MIN_NEW_PAIRS, MY_QUALITY_MIN_NEW_TASKS } from '@/lib/dashboard/get-my-quality';
import { getDb, getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { claimNextTask, submitRanking } from '@/lib/tasks/kinds/rank';
import { createProject } from '@/lib/projects/create-project';
import { setUserActive } from '@/lib/users/set-user-active';
import { createUser } from '@/lib/users/create-user';
import { getProjectWebhook } from '@/lib/webhooks/get-project-webhook';
import { setProjectWebhook } from '@/lib/webhooks/set-project-webhook';
import { drainJobs } from '../helpers/drain-jobs';

const DAY = 86_400_000;
const midnightAfter = (days: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) + days * DAY);
};

/** Three labelers on `items` three-response items (goldRate 0), responses in model order a, b, c. */
async function rankingProject(items: number) {
  const project = await createProject({
    actorId: null,
    input: { name: 'Probe', slug: `probe-${randomUUID().slice(0, 8)}`, guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 },
  });
  await getDb().project.update({ where: { id: project.id }, data: { settings: { goldRate: 0 } } });
  const pool = getPgPool();
  const { rows: users } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, "updatedAt") SELECT 'p' || g || '-' || $1 || '@t.test', 'Pat ' || g, 'LABELER', now() FROM generate_series(1, 3) g ORDER BY g RETURNING id`,
    [randomUUID()],
  );
  await pool.query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, unnest($2::uuid[])`, [project.id, users.map((u) => u.id)]);
  const { rows: itemRows } = await pool.query<{ id: string }>(
    `INSERT INTO items ("projectId", "externalId", messages, "createdAt")
     SELECT $1, 'item-' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Question ' || g || '?')), now() + g * interval '1 ms'
     FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
    [project.id, items],
  );
  const { rows: responses } = await pool.query<{ id: string; itemId: string; externalId: string }>(
    `INSERT INTO responses ("itemId", text, "externalId") SELECT i, 'Answer ' || m, m FROM unnest($1::uuid[]) i, unnest(ARRAY['a', 'b', 'c']) m RETURNING id, "itemId", "externalId"`,
    [itemRows.map((i) => i.id)],
  );
  const responsesOf = (itemId: string) => ['a', 'b', 'c'].map((m) => responses.find((r) => r.itemId === itemId && r.externalId === m)!.id);
  return { projectId: project.id, labelers: users.map((u) => u.id), responsesOf };
}

type Probe = Awaited<ReturnType<typeof rankingProject>>;

/** Claims the labeler's next item and submits `order` ("abc" = a > b > c). */
async function rank(p: Probe, userId: string, order: string) {
  const task = await claimNextTask({ projectId: p.projectId, userId });
  if (!task) throw new Error('no task left');
  const ids = p.responsesOf(task.itemId);
  const ranking = [...order].map((letter) => [ids['abc'.indexOf(letter)]!]);
  await submitRanking({
    userId,
    projectId: p.projectId,
    input: { assignmentId: task.assignmentId, ranking, allUnacceptable: false, ratings: [], promptFlags: [], durationMs: 1000 },
  });
  return { itemId: task.itemId, ranking };
}

describe('issue 21 item 1: My work is no oracle', () => {
  it('a submit and a reload reveal nothing about the item just submitted; figures move a day later, in batches; the lead sees exact figures', async () => {
    const p = await rankingProject(20);
    const [me, other1, other2] = p.labelers as [string, string, string];
    // The other two agree on a > b > c everywhere: my agreement on an item is 1 (abc) or 0 (cba).
    for (let n = 0; n < 20; n++) {
      await rank(p, other1, 'abc');
      await rank(p, other2, 'abc');
    }
    for (let n = 0; n < 8; n++) await rank(p, me, 'abc');
    const exact = async () => (await findLabelerQuality({ projectId: p.projectId })).find((r) => r.userId === me)!.looAgreement;
    expect(await exact()).toMatchObject({ hits: 24, compared: 24 });

    // Today: nothing submitted before today's midnight (UTC), so nothing is shown yet.
    expect(await getMyQuality({ userId: me, projectId: p.projectId })).toMatchObject({
      looAgreement: null,
      goldAccuracy: null,
      minNewPairs: MY_QUALITY_MIN_NEW_PAIRS,
      minNewTasks: MY_QUALITY_MIN_NEW_TASKS,
    });

    // The next day: the 8 tasks (24 pairs) form the first batch.
    const day1 = midnightAfter(1);
    const shown = await getMyQuality({ userId: me, projectId: p.projectId, now: new Date(day1.getTime() + 3_600_000) });
    expect(shown.looAgreement).toMatchObject({ hits: 24, compared: 24, rate: 1, asOf: day1 });

    // The probe's sequence: submit one item, reload; a match and a mismatch look exactly the same,
    // and so does a gold item, for the rest of that day.
    await rank(p, me, 'abc');
    expect(await getMyQuality({ userId: me, projectId: p.projectId, now: new Date(day1.getTime() + 7_200_000) })).toEqual(shown);
    const mismatch = await rank(p, me, 'cba');
    expect(await getMyQuality({ userId: me, projectId: p.projectId, now: new Date(day1.getTime() + 7_300_000) })).toEqual(shown);
    await getDb().item.update({
      where: { id: mismatch.itemId },
      data: { isGold: true, goldRanking: p.responsesOf(mismatch.itemId).map((id) => [id]) },
    });
    expect(await getMyQuality({ userId: me, projectId: p.projectId, now: new Date(day1.getTime() + 7_400_000) })).toEqual(shown);
    // The lead's figures are exact once the gold edit's background recompute ran: 30 pairs, 27 agreeing; gold 0 of 3.
    await drainJobs({ projectId: p.projectId });
    expect(await exact()).toMatchObject({ hits: 27, compared: 30 });
    expect((await findLabelerQuality({ projectId: p.projectId })).find((r) => r.userId === me)!.goldAccuracy).toMatchObject({
      hits: 0,
      compared: 3,
    });

    // The day after: 2 new tasks (6 pairs) are below the batch, so nothing moves, gold included.
    const day2 = midnightAfter(2);
    expect(await getMyQuality({ userId: me, projectId: p.projectId, now: day2 })).toEqual(shown);

    // 5 more tasks: 7 new tasks, 21 new pairs. The day after, agreement moves over the whole batch;
    // gold (one item, 3 pairs) still waits for a batch of its own.
    for (let n = 0; n < 5; n++) await rank(p, me, 'abc');
    const day3 = midnightAfter(3);
    const moved = await getMyQuality({ userId: me, projectId: p.projectId, now: day3 });
    expect(moved.looAgreement).toMatchObject({ hits: 42, compared: 45, asOf: day3 });
    expect(moved.goldAccuracy).toBeNull();
    // A reader on an earlier day never overwrites a later snapshot (two instances, clocks apart).
    expect(await getMyQuality({ userId: me, projectId: p.projectId, now: day2 })).toEqual(moved);
  });

  it('a labeler who is not a member gets no figures and no snapshot row', async () => {
    const p = await rankingProject(2);
    const stranger = await createUser({
      actorId: null,
      input: { email: `s-${randomUUID()}@t.test`, name: 'S', role: 'LABELER', password: 'long enough password' },
    });
    expect(await getMyQuality({ userId: stranger.id, projectId: p.projectId, now: midnightAfter(1) })).toMatchObject({
      looAgreement: null,
      goldAccuracy: null,
    });
    expect(await getDb().myQualitySnapshot.count({ where: { membership: { userId: stranger.id } } })).toBe(0);
  });
});

describe('issue 21 item 4: webhook URLs are whole for leads only', () => {
  it('researchers (revealUrl false) get the scheme and host, never the path or query', async () => {
    const world = await makeWorld({ items: 1 });
    await setProjectWebhook({
      actorId: world.users.lead.id,
      projectId: world.project.id,
      input: { url: 'https://user:pw@trainer.example:8443/hooks/T0/B0?token=s3cr3t-query' },
    });
    const masked = await getProjectWebhook({ projectId: world.project.id, revealUrl: false });
    expect(masked?.url).toBe('https://trainer.example:8443/…');
    expect(JSON.stringify(masked)).not.toMatch(/s3cr3t|T0\/B0|user:pw/);
    expect((await getProjectWebhook({ projectId: world.project.id, revealUrl: true }))?.url).toBe(
      'https://user:pw@trainer.example:8443/hooks/T0/B0?token=s3cr3t-query',
    );
    await setProjectWebhook({ actorId: world.users.lead.id, projectId: world.project.id, input: { url: 'https://trainer.example' } });
    expect((await getProjectWebhook({ projectId: world.project.id, revealUrl: false }))?.url).toBe('https://trainer.example');
  });
});

describe('issue 21 item 5: deactivating a user releases their live tasks', () => {
  it('the assignment is released at once with its slot freed, and the audit row says how many', async () => {
    const world = await makeWorld({ items: 2 });
    const task = await liveAssignment(world);
    await setUserActive({ actorId: world.users.admin.id, input: { userId: world.users.labeler.id, active: false } });
    expect(await getDb().assignment.findUniqueOrThrow({ where: { id: task.id }, select: { status: true, slot: true } })).toEqual({
      status: 'RELEASED',
      slot: null,
    });
    expect(await getDb().assignment.count({ where: { userId: world.users.labeler.id, status: 'ACTIVE' } })).toBe(0);
    const audit = await getDb().auditEvent.findFirstOrThrow({
      where: { targetId: world.users.labeler.id, action: 'user.deactivate' },
      select: { data: true },
    });
    expect(audit.data).toEqual({ released: 1 });
    // Reactivating releases nothing and leaves the old assignment as it is.
    await setUserActive({ actorId: world.users.admin.id, input: { userId: world.users.labeler.id, active: true } });
    expect(await getDb().assignment.findUniqueOrThrow({ where: { id: task.id }, select: { status: true } })).toEqual({
      status: 'RELEASED',
    });
  });
});

describe('issue 21 item 6: strangers cannot lock an admin out', () => {
  const PASSWORD = 'correct horse battery staple';
  const address = () => `probe-${randomUUID()}`;

  it('an account locked by strangers still lets its owner in from an address they signed in from before; new addresses stay locked', async () => {
    const { LOGIN_MAX_FAILURES_PER_ACCOUNT: limit } = getEnv();
    const admin = await createUser({
      actorId: null,
      input: { email: `admin-${randomUUID()}@t.test`, name: 'Ada', role: 'ADMIN', password: PASSWORD },
    });
    const home = address();
    await authenticate({ email: admin.email, password: PASSWORD, ip: home });
    // Strangers from many addresses reach the account's limit.
    for (let i = 0; i < limit; i++)
      expect((await refusal(authenticate({ email: admin.email, password: `guess-${i}`, ip: address() }))).code).toBe('UNAUTHENTICATED');
    // Strangers, whatever their address, are now refused before their guess is checked...
    expect((await refusal(authenticate({ email: admin.email, password: PASSWORD, ip: address() }))).code).toBe('RATE_LIMITED');
    // ...and the owner, from home, gets in.
    await expect(authenticate({ email: admin.email, password: PASSWORD, ip: home })).resolves.toMatchObject({ id: admin.id });
    // A wrong password from home is judged (not blocked), and home is limited on its own: after the limit of its own failures it is locked too.
    for (let i = 0; i < limit; i++)
      expect((await refusal(authenticate({ email: admin.email, password: `typo-${i}`, ip: home }))).code).toBe('UNAUTHENTICATED');
    expect((await refusal(authenticate({ email: admin.email, password: PASSWORD, ip: home }))).code).toBe('RATE_LIMITED');
  });

  it('a known address also passes a per-address lock caused by others behind the same address (a shared proxy)', async () => {
    const { LOGIN_MAX_FAILURES_PER_IP: ipLimit, LOGIN_MAX_FAILURES_PER_ACCOUNT: accountLimit } = getEnv();
    const shared = address();
    const owner = await createUser({
      actorId: null,
      input: { email: `own-${randomUUID()}@t.test`, name: 'O', role: 'LEAD', password: PASSWORD },
    });
    await authenticate({ email: owner.email, password: PASSWORD, ip: shared });
    // Someone else behind the same address sprays other accounts to the per-address limit.
    for (let i = 0; i < ipLimit; i++)
      await refusal(authenticate({ email: `nobody-${Math.floor(i / (accountLimit - 1))}-${shared}@t.test`, password: 'x', ip: shared }));
    const fresh = await createUser({
      actorId: null,
      input: { email: `fresh-${randomUUID()}@t.test`, name: 'F', role: 'LABELER', password: PASSWORD },
    });
    expect((await refusal(authenticate({ email: fresh.email, password: PASSWORD, ip: shared }))).code).toBe('RATE_LIMITED');
    await expect(authenticate({ email: owner.email, password: PASSWORD, ip: shared })).resolves.toMatchObject({ id: owner.id });
  });
});
