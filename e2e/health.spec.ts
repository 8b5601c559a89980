import { expect, test } from '@playwright/test';
import { seedLengthBiasedItems } from '../tests/helpers/length-biased-project';
import { makeProject, makeUser, signInAndLand } from './fixtures';

/** A project whose two labelers pick the longer response 85% of the time (issue 28). */
async function lengthBiasedProject() {
  const researcher = await makeUser('RESEARCHER');
  const l1 = await makeUser('LABELER');
  const l2 = await makeUser('LABELER');
  const project = await makeProject({ members: [researcher.email, l1.email, l2.email] });
  await seedLengthBiasedItems({ projectId: project.id, labelerIds: [l1.id, l2.id], items: 250, longerWins: 0.85 });
  return { project, researcher };
}

test.describe('Dataset health', () => {
  test('a researcher sees the health of a pairs snapshot, and of the live project on the dashboard, with the length warning', async ({
    page,
  }) => {
    const { project, researcher } = await lengthBiasedProject();
    await signInAndLand(page, researcher.email, researcher.password, '/projects');
    await page.goto(`/projects/${project.id}/export`);
    const health = page.getByRole('region', { name: 'Dataset health' });
    await expect(health.getByText(/Create one to see it here/)).toBeVisible();

    const form = page.getByRole('form', { name: 'New snapshot' });
    await form.getByLabel('Format').selectOption('pairs');
    await form.getByLabel('Validation share (0–1)').fill('0.5');
    await form.getByRole('button', { name: 'Create snapshot' }).click();
    const row = page.getByRole('row', { name: /^pairs snapshot of / });
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 30_000 });

    await row.getByRole('link', { name: /^Dataset health of / }).click();
    await expect(page).toHaveURL(/\?snapshot=[0-9a-f-]{36}#health$/);
    const warnings = health.getByRole('list', { name: 'Dataset health warnings' });
    await expect(warnings.getByRole('listitem').first()).toHaveText(
      /^Length alone predicts \d+% of validation pairs \(the longer response is chosen\); human agreement is \d+%: a reward model trained on this will largely learn length\.$/,
    );
    // The chart's numbers (for screen readers) and the visible table: the baselines beside human agreement.
    await expect(health.getByRole('figure', { name: /Baselines beside human agreement/ })).toBeVisible();
    const table = health.getByRole('table', { name: 'Baselines', exact: true });
    await expect(table.getByRole('row', { name: /^Human agreement \(ceiling\) items with 2\+ labels \d+\.\d% / })).toBeVisible();
    await expect(table.getByRole('row', { name: /^Longer wins \(characters\) validation (8\d|9\d)\.\d% / })).toBeVisible();
    await expect(health.getByRole('table', { name: /Models, with and without length control/ }).getByText('model-verbose')).toBeVisible();

    // The same report for the live project on the dashboard, with its time and a recompute button.
    await page.goto(`/projects/${project.id}/dashboard`);
    const live = page.getByRole('region', { name: 'Dataset health' });
    await expect(live.getByText(/^As of .* ago/)).toBeVisible({ timeout: 30_000 });
    await expect(live.getByRole('list', { name: 'Dataset health warnings' }).getByRole('listitem').first()).toContainText(
      'a reward model trained on this will largely learn length',
    );
    await live.getByRole('button', { name: 'Recompute dataset health' }).click();
    await expect(live.getByRole('status')).toHaveText('Recomputed on 500 rows.');
  });
});
