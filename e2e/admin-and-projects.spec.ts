import { expect, test } from '@playwright/test';
import { db, makeUser, PASSWORD, signIn, signInAndLand, unique } from './fixtures';

test('an admin creates an account and changes its role; the account lands on its new home', async ({ page, browser }) => {
  const admin = await makeUser('ADMIN');
  const email = `${unique('created')}@e2e.test`;
  await signInAndLand(page, admin.email, PASSWORD, '/admin/users');

  // Bad input is reported per field and writes nothing.
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Name').fill('Cara Created');
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.locator('#user-email-error')).toHaveText('Enter a valid email address');
  await expect(page.locator('#user-password-error')).toHaveText('Password must be at least 10 characters');
  await expect(page.getByLabel('Name')).toHaveValue('Cara Created');

  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Initial password').fill('created-password-1');
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByRole('status')).toContainText(`Created ${email} (LABELER)`);
  const row = page.getByTestId(`user-row-${email}`);
  await expect(row).toBeVisible();

  await row.getByLabel(`Role of ${email}`, { exact: true }).selectOption('LEAD');
  await row.getByRole('button', { name: `Save role of ${email}` }).click();
  await expect(row).toContainText('Role updated.');
  expect((await db().user.findUniqueOrThrow({ where: { email }, select: { role: true } })).role).toBe('LEAD');

  const context = await browser.newContext();
  const created = await context.newPage();
  await signIn(created, email, 'created-password-1');
  await expect(created).toHaveURL(/\/projects$/);
  await context.close();
});

test('a lead creates a project; a bad slug is reported next to the field and nothing is written', async ({ page }) => {
  const lead = await makeUser('LEAD');
  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  const name = unique('Lead project');

  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Slug').fill('Not A Slug!');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page.locator('#project-slug-error')).toHaveText('Use lowercase letters, digits and single dashes');
  expect(await db().project.count({ where: { name } })).toBe(0);

  const slug = unique('lp');
  await page.getByLabel('Slug').fill(slug);
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('cell', { name: lead.email })).toBeVisible();
  expect(await db().project.count({ where: { slug } })).toBe(1);
});
