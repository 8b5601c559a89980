/**
 * A labeler's own stats against a real PostgreSQL: only their own LABELED judgments count,
 * "today" is the UTC day of `now` whatever the database time zone, the median interpolates an
 * even count, and skipped assignments are counted per user and project.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAssignment, insertUsers } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { findMyWorkStats } from '@/lib/judgments/find-my-work-stats';
import { testDatabaseUrl } from '../helpers/database-per-file';
import { judge, makeProject } from '../helpers/my-work-fixture';

const NOW = new Date('2026-03-10T12:00:00.000Z');

let me: string;
let other: string;
let idle: string;
let p1: string;
let p2: string;

async function assign(
  projectId: string,
  itemId: string | undefined,
  userId: string,
  status: 'SKIPPED' | 'SUBMITTED' | 'EXPIRED' | 'ACTIVE',
) {
  await buildAssignment({ projectId, itemId: itemId ?? '', userId, status });
}

beforeAll(async () => {
  // A zone 14 hours ahead of UTC: a day boundary taken from the session time zone would be wrong here.
  // Set on its own connection before the app's pool opens any: the setting applies to new sessions.
  const setup = new pg.Client({ connectionString: testDatabaseUrl });
  await setup.connect();
  await setup.query(`DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET timezone TO %L', current_database(), 'Pacific/Kiritimati'); END $$`);
  await setup.end();
  const users = await insertUsers({ count: 3, name: (n) => `S${n}` });
  [me, other, idle] = users.map((u) => u.id) as [string, string, string];
  const a = await makeProject('Stats A', 6);
  const b = await makeProject('Stats B', 6);
  p1 = a.id;
  p2 = b.id;

  // Mine in project A: two on 10 March UTC (its first and last millisecond), one just before, one just after.
  await judge(a.items[0], me, 1000, '2026-03-10T00:00:00.000Z');
  await judge(a.items[1], me, 2001, '2026-03-10T23:59:59.999Z');
  await judge(a.items[2], me, 3000, '2026-03-09T23:59:59.999Z');
  await judge(a.items[3], me, 4000, '2026-03-11T00:00:00.000Z');
  // Imported labels attributed to me do not count, whatever their duration or day.
  await judge(a.items[4], me, 999_999, '2026-03-10T12:00:00.000Z', 'IMPORTED');
  await judge(b.items[4], me, 1, '2026-03-10T12:00:00.000Z', 'IMPORTED');
  // Mine in project B.
  await judge(b.items[0], me, 10_000, '2026-03-10T08:00:00.000Z');
  // Someone else's, in both projects.
  await judge(a.items[0], other, 50, '2026-03-10T09:00:00.000Z');
  await judge(b.items[0], other, 70, '2026-03-10T10:00:00.000Z');

  await assign(p1, a.items[0], me, 'SKIPPED');
  await assign(p1, a.items[1], me, 'SKIPPED');
  await assign(p1, a.items[2], me, 'SUBMITTED');
  await assign(p1, a.items[3], me, 'EXPIRED');
  await assign(p1, a.items[5], me, 'ACTIVE');
  await assign(p2, b.items[0], me, 'SKIPPED');
  await assign(p1, a.items[0], other, 'SKIPPED');
});

describe('findMyWorkStats', () => {
  it('runs where the database time zone is not UTC', async () => {
    const [row] = await getDb().$queryRaw<{ TimeZone: string }[]>`SHOW timezone`;
    expect(row?.TimeZone).toBe('Pacific/Kiritimati');
  });

  it('counts one project: the UTC day of now, the total, an interpolated even-count median, skips', async () => {
    // Durations 1000, 2001, 3000, 4000: the median is halfway between the middle two.
    expect(await findMyWorkStats({ userId: me, projectId: p1, now: NOW })).toEqual({
      today: 2,
      total: 4,
      medianDurationMs: 2500.5,
      skipped: 2,
    });
    expect(await findMyWorkStats({ userId: me, projectId: p2, now: NOW })).toEqual({
      today: 1,
      total: 1,
      medianDurationMs: 10_000,
      skipped: 1,
    });
  });

  it('counts every project when none is given', async () => {
    expect(await findMyWorkStats({ userId: me, now: NOW })).toEqual({ today: 3, total: 5, medianDurationMs: 3000, skipped: 3 });
  });

  it('moves "today" with the UTC day of now, boundaries included', async () => {
    const today = async (iso: string) => (await findMyWorkStats({ userId: me, projectId: p1, now: new Date(iso) })).today;
    expect(await today('2026-03-10T00:00:00.000Z')).toBe(2);
    expect(await today('2026-03-10T23:59:59.999Z')).toBe(2);
    expect(await today('2026-03-09T23:59:59.999Z')).toBe(1);
    expect(await today('2026-03-11T00:00:00.000Z')).toBe(1);
    expect(await today('2026-03-12T00:00:00.000Z')).toBe(0);
  });

  it('shows other labelers only their own work, and nothing to one who has done none', async () => {
    expect(await findMyWorkStats({ userId: other, now: NOW })).toEqual({ today: 2, total: 2, medianDurationMs: 60, skipped: 1 });
    expect(await findMyWorkStats({ userId: other, projectId: p2, now: NOW })).toEqual({
      today: 1,
      total: 1,
      medianDurationMs: 70,
      skipped: 0,
    });
    expect(await findMyWorkStats({ userId: idle, now: NOW })).toEqual({ today: 0, total: 0, medianDurationMs: null, skipped: 0 });
  });
});
