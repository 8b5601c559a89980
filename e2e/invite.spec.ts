import { expect, test } from '@playwright/test';
import { db, makeProject, makeUser, PASSWORD, signIn, signInAndLand, unique } from './fixtures';

test('a lead invites a labeler, who sets a password, signs in and sees the project; the link then stops working', async ({
  page,
  browser,
}) => {
  const lead = await makeUser('LEAD');
  const project = await makeProject({ members: [lead.email] });
  const email = `${unique('invitee')}@e2e.test`;

  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await page.goto(`/projects/${project.id}`);
  await page.getByLabel("Labeler's email").fill(email);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = await page.getByLabel('Invite link (shown once)').inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
  // Only the hash is stored.
  const stored = await db().invite.findFirstOrThrow({ where: { email }, select: { tokenHash: true } });
  expect(link).not.toContain(stored.tokenHash);

  const context = await browser.newContext();
  const invitee = await context.newPage();
  await invitee.goto(link);
  await expect(invitee.getByText(email)).toBeVisible();
  await invitee.getByLabel('Your name').fill('Ivy Invitee');
  await invitee.getByLabel('Choose a password').fill('short');
  await invitee.getByLabel('Repeat the password').fill('short');
  await invitee.getByRole('button', { name: 'Create account' }).click();
  await expect(invitee.locator('#password-error')).toHaveText('Password must be at least 10 characters');
  await expect(invitee.getByLabel('Your name')).toHaveValue('Ivy Invitee'); // a refused form keeps what was typed
  expect(await db().user.count({ where: { email } })).toBe(0);

  await invitee.getByLabel('Choose a password').fill('a-good-long-password');
  await invitee.getByLabel('Repeat the password').fill('a-good-long-password');
  await invitee.getByRole('button', { name: 'Create account' }).click();
  await expect(invitee).toHaveURL(/\/login\?invited=1/);
  await expect(invitee.getByRole('status')).toContainText('Your account is ready');

  await signIn(invitee, email, 'a-good-long-password');
  await expect(invitee).toHaveURL(/\/label$/);
  await expect(invitee.getByRole('link', { name: new RegExp(project.slug) })).toBeVisible();

  // The link works once.
  await invitee.goto(link);
  await expect(invitee.getByRole('status')).toContainText('already been used');
  await context.close();
});

test('a labeler cannot be invited twice into an existing account', async ({ page }) => {
  const lead = await makeUser('LEAD');
  const existing = await makeUser('LABELER');
  const project = await makeProject({ members: [lead.email] });
  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await page.goto(`/projects/${project.id}`);
  await page.getByLabel("Labeler's email").fill(existing.email);
  await page.getByRole('button', { name: 'Create invite link' }).click();
  await expect(page.locator('#invite-email-error')).toContainText('already has an account');
});
