/**
 * Timesheets (issue 30) against a real PostgreSQL: active time from seeded judgments with chosen
 * recorded times and ends (idle gaps and overlaps excluded, the cap, a task in another project
 * sharing the clock), days in a non-UTC zone, weeks, sessions, pay, the fast and slow flags, the
 * CSV (formula-safe) and who may read it.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProject, buildUser, insertItems, insertJudgments, insertMemberships } from '@/lib/builders';

const session: { current: { user: { id: string; sv: number } } | null } = { current: null };
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}));
vi.mock('next/server', () => ({ after: () => undefined, connection: async () => undefined }));

const route = await import('@/app/(app)/projects/[projectId]/timesheets/csv/route');
const { findTimesheet } = await import('@/lib/worklog/find-timesheet');

const words = (n: number, word: string) => Array.from({ length: n }, () => word).join(' ');
/** 20 prompt words + 2 × 90 response words: 200 words a task. */
async function seed(projectId: string, userId: string, tasks: { end: string; seconds: number }[]) {
  const items = await insertItems({
    projectId,
    count: tasks.length,
    prompt: words(20, 'ask'),
    responses: [words(90, 'alpha'), words(90, 'beta')],
  });
  await insertJudgments({
    projectId,
    judgments: tasks.map((t, i) => {
      const ids = items[i]!.responses.map((r) => r.id);
      return { itemId: items[i]!.id, userId, shownOrder: ids, ranking: [ids], durationMs: t.seconds * 1000, createdAt: new Date(t.end) };
    }),
  });
}

let P: string, Q: string, R: string;
let A: { id: string }, B: { id: string }, lead: { id: string }, otherLead: { id: string }, admin: { id: string };

beforeAll(async () => {
  A = await buildUser({ name: 'Ada', password: null });
  B = await buildUser({ name: '=HYPERLINK("http://evil.example","x")', password: null });
  lead = await buildUser({ role: 'LEAD', password: null });
  otherLead = await buildUser({ role: 'LEAD', password: null });
  admin = await buildUser({ role: 'ADMIN', password: null });
  P = (await buildProject({ name: 'Timesheet P' })).id;
  Q = (await buildProject({ name: 'Timesheet Q' })).id;
  R = (await buildProject({ name: 'Timesheet R', settings: { pay: { currency: 'EUR', perHour: 30, perTask: { rank: 0.5 } } } })).id;
  await insertMemberships({ projectId: P, userIds: [A.id, lead.id] });
  await insertMemberships({ projectId: Q, userIds: [A.id, otherLead.id] });
  await insertMemberships({ projectId: R, userIds: [B.id, lead.id] });
  // Ada, New York (UTC−5 in January): Sunday evening, then Monday with an overlap, a task left open, a late task, one after midnight.
  await seed(P, A.id, [
    { end: '2026-01-05T03:00:00Z', seconds: 30 }, // Sun 4 Jan 22:00 in New York
    { end: '2026-01-05T14:00:00Z', seconds: 60 },
    { end: '2026-01-05T14:01:30Z', seconds: 60 },
    { end: '2026-01-05T14:03:00Z', seconds: 300 }, // 90 s after the previous end: 90 s count
    { end: '2026-01-05T16:00:00Z', seconds: 2400 }, // left open: the rank cap (20 min) counts
    { end: '2026-01-06T04:30:00Z', seconds: 120 }, // Mon 5 Jan 23:30 in New York, Tue in UTC
    { end: '2026-01-06T05:30:00Z', seconds: 100 }, // Tue 00:30 in New York; a Q task ended 60 s before
  ]);
  await seed(Q, A.id, [{ end: '2026-01-06T05:29:00Z', seconds: 60 }]);
  // B in R on Wed 7 Jan: 20 tasks an hour apart (one of them 10 s: 1200 words a minute), then one of 10 minutes.
  await seed(R, B.id, [
    ...Array.from({ length: 20 }, (_, h) => ({ end: `2026-01-07T${String(h).padStart(2, '0')}:30:00Z`, seconds: h === 3 ? 10 : 60 })),
    { end: '2026-01-07T21:00:00Z', seconds: 600 },
  ]);
});

const csvAs = async (user: { id: string } | null, projectId: string, query: string) => {
  session.current = user ? { user: { id: user.id, sv: 0 } } : null;
  const response = await route.GET(new Request(`http://app.test/projects/${projectId}/timesheets/csv?${query}`), {
    params: Promise.resolve({ projectId }),
  });
  return { status: response.status, body: await response.text(), type: response.headers.get('content-type') };
};

describe('timesheets', () => {
  it('counts active time per day in the lead’s time zone, excluding idle time and overlaps, with sessions', async () => {
    const { rows } = await findTimesheet({
      projectIds: [P],
      from: '2026-01-05',
      to: '2026-01-06',
      timeZone: 'America/New_York',
      period: 'day',
    });
    expect(rows.map((r) => [r.period, r.labelerName, r.kind, r.tasks, r.activeMs / 1000, r.recordedMs / 1000, r.sessions])).toEqual([
      // 60 + 60 + 90 (overlap clipped) + 1200 (cap) + 120; sessions start at 09:00, 11:00 and 23:30 local.
      ['2026-01-05', 'Ada', 'RANK', 5, 1530, 2940, 3],
      // 100 recorded, but the Q task ended 60 s before: 60 counted, same session as the Q task.
      ['2026-01-06', 'Ada', 'RANK', 1, 60, 100, 0],
    ]);
    expect(rows[0]!.excludedMs / 1000).toBe(2940 - 1530);
    expect(rows.every((r) => r.pay === null)).toBe(true);
  });

  it('puts the day boundary where the time zone puts it, and groups weeks from Monday', async () => {
    const utc = await findTimesheet({ projectIds: [P], from: '2026-01-05', to: '2026-01-06', timeZone: 'UTC', period: 'day' });
    expect(utc.rows.map((r) => [r.period, r.tasks, r.activeMs / 1000])).toEqual([
      ['2026-01-05', 5, 30 + 1410],
      ['2026-01-06', 2, 120 + 60],
    ]);
    const weeks = await findTimesheet({
      projectIds: [P],
      from: '2026-01-01',
      to: '2026-01-11',
      timeZone: 'America/New_York',
      period: 'week',
    });
    expect(weeks.rows.map((r) => [r.period, r.tasks, r.activeMs / 1000])).toEqual([
      ['2025-12-29', 1, 30],
      ['2026-01-05', 6, 1590],
    ]);
  });

  it('prices rows from the project’s rates and flags tasks far faster than reading or far slower than peers', async () => {
    const { rows, flagged } = await findTimesheet({
      projectIds: [R],
      from: '2026-01-07',
      to: '2026-01-07',
      timeZone: 'UTC',
      period: 'day',
    });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect([row.tasks, row.activeMs / 1000, row.fastTasks, row.slowTasks, row.currency]).toEqual([21, 19 * 60 + 10 + 600, 1, 1, 'EUR']);
    // 30 EUR an hour × 1750 s + 0.50 a task × 21.
    expect(row.pay).toBe(Math.round((30 * 1750) / 36 + 50 * 21) / 100);
    expect(flagged.map((f) => [f.fast, f.slow, f.recordedMs / 1000])).toEqual([
      [true, false, 10],
      [false, true, 600],
    ]);
    expect(flagged[0]!.wordsPerMinute).toBe(1200);
  });

  it('shows a labeler only their own tasks, in every project', async () => {
    const { rows } = await findTimesheet({
      projectIds: null,
      userId: A.id,
      from: '2026-01-01',
      to: '2026-01-31',
      timeZone: 'UTC',
      period: 'week',
    });
    expect(new Set(rows.map((r) => r.userId))).toEqual(new Set([A.id]));
    expect(new Set(rows.map((r) => r.projectName))).toEqual(new Set(['Timesheet P', 'Timesheet Q']));
  });

  it('downloads the same rows as CSV for the project’s lead, formula-safe, and refuses everyone else', async () => {
    const csv = await csvAs(lead, R, 'from=2026-01-07&to=2026-01-07&tz=UTC&period=day');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'period_start,period,time_zone,labeler_name,labeler_email,project,task_kind,tasks,active_minutes,recorded_minutes,excluded_minutes,sessions,fast_tasks,slow_tasks,pay,currency',
    );
    expect(lines).toHaveLength(2);
    // The labeler's name starts with "=": written as text, never as a formula.
    expect(lines[1]).toMatch(/^2026-01-07,day,UTC,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",/);
    expect(lines[1]).toContain(',Timesheet R,rank,21,29.17,29.17,0,21,1,1,25.08,EUR');

    // Ada (a labeler of P), the lead of Q, a signed-out caller: not theirs to read.
    expect((await csvAs(A, P, 'from=2026-01-05&to=2026-01-06')).status).toBe(404);
    expect((await csvAs(otherLead, P, 'from=2026-01-05&to=2026-01-06')).status).toBe(404);
    expect((await csvAs(null, P, 'from=2026-01-05&to=2026-01-06')).status).toBe(401);
    // The lead of P sees P only, never Ada's Q row; an admin may ask for every project.
    const leadCsv = await csvAs(lead, P, 'from=2026-01-05&to=2026-01-06&tz=America/New_York&all=1');
    expect(leadCsv.body).toContain('Timesheet P');
    expect(leadCsv.body).not.toContain('Timesheet Q');
    const adminCsv = await csvAs(admin, P, 'from=2026-01-05&to=2026-01-06&tz=America/New_York&all=1');
    expect(adminCsv.body).toContain('Timesheet Q');
    expect(await csvAs(lead, P, 'from=2026-01-05&to=2026-01-06&tz=Mars/Olympus')).toMatchObject({
      status: 400,
      body: expect.stringContaining('timeZone'),
    });
  });
});
