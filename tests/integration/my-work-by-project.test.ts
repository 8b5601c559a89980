/**
 * "My work" per project against a real PostgreSQL: one row per project the user is a member of
 * (archived ones marked, projects with no work at zero), each equal to findMyWorkStats for that
 * project; work in a project the user has left counts only overall.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAssignment, insertUsers } from '@/lib/builders';
import { getDb } from '@/lib/db';
import { findMyWorkByProject } from '@/lib/judgments/find-my-work-by-project';
import { findMyWorkStats } from '@/lib/judgments/find-my-work-stats';
import { judge, makeProject } from '../helpers/my-work-fixture';

const NOW = new Date('2026-05-20T15:00:00.000Z');

let me: string;
let other: string;
const projects: Record<'alpha' | 'beta' | 'gamma' | 'left', { id: string; items: string[] }> = {} as never;

async function skip(projectId: string, itemId: string | undefined, userId: string) {
  await buildAssignment({ projectId, itemId: itemId ?? '', userId, status: 'SKIPPED' });
}

beforeAll(async () => {
  const users = await insertUsers({ count: 2, name: (n) => `MW${n}` });
  [me, other] = users.map((u) => u.id) as [string, string];
  // Created out of name order: the result is sorted by name.
  projects.gamma = await makeProject('Gamma (no work yet)', 4);
  projects.alpha = await makeProject('Alpha', 4);
  projects.left = await makeProject('Left behind', 4);
  projects.beta = await makeProject('Beta (archived)', 4);
  await getDb().project.update({ where: { id: projects.beta.id }, data: { archivedAt: NOW } });
  for (const p of [projects.alpha, projects.beta, projects.gamma])
    await getDb().membership.create({ data: { projectId: p.id, userId: me } });
  await getDb().membership.create({ data: { projectId: projects.alpha.id, userId: other } });

  const [a0, a1, a2, a3] = projects.alpha.items;
  await judge(a0, me, 1_000, '2026-05-20T01:00:00.000Z');
  await judge(a1, me, 3_000, '2026-05-19T23:00:00.000Z');
  await judge(a2, me, 99_000, '2026-05-20T02:00:00.000Z', 'IMPORTED');
  await skip(projects.alpha.id, a3, me);
  await judge(a0, other, 7_000, '2026-05-20T01:00:00.000Z');
  await skip(projects.alpha.id, a1, other);
  await judge(projects.beta.items[0], me, 83_000, '2026-05-01T10:00:00.000Z');
  // A project I was removed from: my labels stay in my totals, the project leaves my table.
  await judge(projects.left.items[0], me, 5_000, '2026-05-20T09:00:00.000Z');
  await skip(projects.left.id, projects.left.items[1], me);
});

describe('findMyWorkByProject', () => {
  it('lists the projects I am a member of, by name, with my own work in each', async () => {
    expect(await findMyWorkByProject({ userId: me, now: NOW })).toEqual([
      { projectId: projects.alpha.id, name: 'Alpha', archived: false, today: 1, total: 2, medianDurationMs: 2_000, skipped: 1 },
      { projectId: projects.beta.id, name: 'Beta (archived)', archived: true, today: 0, total: 1, medianDurationMs: 83_000, skipped: 0 },
      {
        projectId: projects.gamma.id,
        name: 'Gamma (no work yet)',
        archived: false,
        today: 0,
        total: 0,
        medianDurationMs: null,
        skipped: 0,
      },
    ]);
  });

  it('agrees with findMyWorkStats for each project, and leaves work elsewhere to the overall numbers', async () => {
    const rows = await findMyWorkByProject({ userId: me, now: NOW });
    for (const { projectId, name: _name, archived: _archived, ...stats } of rows) {
      expect(stats).toEqual(await findMyWorkStats({ userId: me, projectId, now: NOW }));
    }
    const overall = await findMyWorkStats({ userId: me, now: NOW });
    expect(overall).toMatchObject({ today: 2, total: 4, skipped: 2 });
    expect(overall.total - rows.reduce((sum, r) => sum + r.total, 0)).toBe(1);
  });

  it('shows another member only their own work, and nothing to a user without memberships', async () => {
    expect(await findMyWorkByProject({ userId: other, now: NOW })).toEqual([
      { projectId: projects.alpha.id, name: 'Alpha', archived: false, today: 1, total: 1, medianDurationMs: 7_000, skipped: 1 },
    ]);
    expect(await findMyWorkByProject({ userId: randomUUID(), now: NOW })).toEqual([]);
  });
});
