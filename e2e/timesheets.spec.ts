import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { insertItems, insertJudgments } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

/** Ranked tasks of `userId` ending at the given instants with the given recorded seconds. */
async function seedTasks(projectId: string, userId: string, tasks: { end: Date; seconds: number }[]) {
  const tag = unique('ts');
  const items = await insertItems({
    projectId,
    count: tasks.length,
    externalId: (n) => `${tag}-${n}`,
    prompt: 'Which answer is better?',
    responses: ['One answer here.', 'Another answer.'],
  });
  await insertJudgments({
    projectId,
    judgments: tasks.map((t, i) => {
      const ids = items[i]!.responses.map((r) => r.id);
      return { itemId: items[i]!.id, userId, shownOrder: ids, ranking: [ids], durationMs: t.seconds * 1000, createdAt: t.end };
    }),
  });
}

test('a lead reads the timesheet in a time zone, downloads its CSV; a labeler sees only their own on My work', async ({
  page,
  browser,
}) => {
  const lead = await makeUser('LEAD');
  const ada = await makeUser('LABELER');
  const kit = await makeUser('LABELER');
  const project = await makeProject({
    members: [lead.email, ada.email, kit.email],
    settings: { pay: { currency: 'USD', perHour: 36, perTask: { rank: 0.25 } } },
  });
  // Monday 5 January 2026 in New York: 60 s, 60 s, then 300 s recorded of which 90 s since the previous end.
  await seedTasks(project.id, ada.id, [
    { end: new Date('2026-01-05T14:00:00Z'), seconds: 60 },
    { end: new Date('2026-01-05T14:01:30Z'), seconds: 60 },
    { end: new Date('2026-01-05T14:03:00Z'), seconds: 300 },
  ]);
  // Recent work for My work: one task of Ada's, three of Kit's.
  const hourAgo = Date.now() - 3_600_000;
  await seedTasks(project.id, ada.id, [{ end: new Date(hourAgo), seconds: 120 }]);
  await seedTasks(
    project.id,
    kit.id,
    [0, 1, 2].map((i) => ({ end: new Date(hourAgo - i * 600_000), seconds: 45 })),
  );

  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await page.goto(`/projects/${project.id}`);
  await page.getByRole('link', { name: 'Timesheets' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Timesheets' })).toBeVisible();
  await page.getByLabel('From', { exact: true }).fill('2026-01-05');
  await page.getByLabel('To', { exact: true }).fill('2026-01-06');
  await page.getByLabel('Time zone').fill('America/New_York');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/tz=America%2FNew_York/);
  const row = page.getByRole('row').filter({ hasText: '2026-01-05' }).filter({ hasText: ada.name });
  // 60 + 60 + 90 s active, 210 s idle excluded, one session; 36 USD an hour × 210 s + 0.25 × 3 = 2.85 USD.
  await expect(row.getByRole('cell')).toHaveText(['2026-01-05', ada.name, 'Rank', '3', '0:03:30', '0:03:30', '1', '2.85 USD', '—']);

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const csv = fs.readFileSync((await (await download).path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toContain('period_start,period,time_zone,labeler_name,labeler_email,project,task_kind,tasks,active_minutes');
  expect(lines.filter((l) => l.includes(ada.email))).toEqual([
    expect.stringMatching(/^2026-01-05,day,America\/New_York,.*,rank,3,3\.5,7,3\.5,1,0,0,2\.85,USD$/),
  ]);

  const labeler = await browser.newPage();
  await signInAndLand(labeler, ada.email, PASSWORD, '/label');
  await labeler.goto('/my-work?tz=UTC');
  const mine = labeler.getByRole('region', { name: 'My timesheet' });
  await expect(mine.getByRole('row').filter({ hasText: 'Total' }).getByRole('cell').first()).toHaveText('1');
  await expect(mine).toContainText('0:02:00');
  await expect(mine).not.toContainText(kit.name);
  await labeler.close();
  expect(await db().project.count({ where: { id: project.id } })).toBe(1);
});
