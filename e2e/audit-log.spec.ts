import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { buildProject } from '@/lib/builders';
import { makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

test('the audit log lists who did what: a lead sees their projects only, an admin filters by actor and downloads CSV', async ({
  page,
  browser,
}) => {
  const admin = await makeUser('ADMIN');
  const lead = await makeUser('LEAD');
  const labeler = await makeUser('LABELER');
  const mine = await buildProject({ name: unique('Audited'), actorId: lead.id, members: [labeler.email] });
  const other = await buildProject({ name: unique('Elsewhere'), actorId: admin.id });

  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const events = page.getByRole('table', { name: 'Audit log' });
  await expect(events.getByRole('row').filter({ hasText: 'project.member.add' }).filter({ hasText: mine.name })).toHaveCount(1);
  await expect(events).not.toContainText(other.name);
  await page.getByLabel('Action starts with').fill('project.create');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=project.create/);
  await expect(events.getByRole('row').filter({ hasText: mine.name })).toHaveCount(1);
  await expect(events).not.toContainText('project.member.add');

  const adminPage = await browser.newPage();
  await signInAndLand(adminPage, admin.email, PASSWORD, '/admin/users');
  await adminPage.goto('/audit');
  await adminPage.getByLabel('Actor (email)').fill(lead.email);
  await adminPage.getByRole('button', { name: 'Filter' }).click();
  const adminEvents = adminPage.getByRole('table', { name: 'Audit log' });
  await expect(adminEvents.getByRole('row').filter({ hasText: 'project.create' })).toHaveCount(1);
  await expect(adminEvents).not.toContainText(other.name);
  const download = adminPage.waitForEvent('download');
  await adminPage.getByRole('link', { name: 'Download CSV' }).click();
  const lines = fs
    .readFileSync((await (await download).path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe('id,created_at,actor_email,actor_name,action,project_id,project,target_type,target_id,data');
  expect(
    lines
      .slice(1)
      .map((l) => l.split(',')[4])
      .sort(),
  ).toEqual(['project.create', 'project.member.add']);
  await adminPage.close();

  // A labeler has no audit log.
  const labelerPage = await browser.newPage();
  await signInAndLand(labelerPage, labeler.email, PASSWORD, '/label');
  const response = await labelerPage.goto('/audit');
  expect(response?.status()).toBe(403);
  await labelerPage.close();
});
