import { expect, test } from '@playwright/test';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { saveMyProfile } from '@/lib/pool/save-my-profile';
import { saveProfileField } from '@/lib/pool/save-profile-field';
import { ZProfileField } from '@/lib/pool/schemas';
import { addMember } from '@/lib/projects/add-member';
import { seededRandom } from '@/lib/stats';
import { insertPoolProject, shuffler, type PoolSimJudgment } from '../tests/helpers/pool-fixture';
import { db, makeUser, PASSWORD, signInAndLand } from './fixtures';

// The labeler pool (issue 10): a labeler fills their profile (with a question the lead asks), and
// the lead sees it among the profiles and the group view: five simulated German speakers prefer
// model m0, five French speakers m1 (fixed seed), and the labeler's one-person group is hidden;
// one simulated labeler is a speed clicker, whose alarm links to its evidence.

async function generateProject() {
  const random = seededRandom(3);
  const shuffle = shuffler(random);
  const judgments: PoolSimJudgment[] = [];
  for (let item = 0; item < 80; item++)
    for (const labeler of shuffle(Array.from({ length: 10 }, (_, l) => l)).slice(0, 3)) {
      const likesFirst = random() < (labeler < 5 ? 0.85 : 0.15);
      // Simulated labeler 10 clicks through in two seconds: the speed alarm's planted case.
      judgments.push({
        item,
        labeler,
        shownOrder: shuffle([0, 1]),
        ranking: likesFirst ? [[0], [1]] : [[1], [0]],
        durationMs: labeler === 9 ? 2_000 : 30_000,
        seconds: judgments.length * 60,
      });
    }
  const { project, users } = await insertPoolProject({ labelers: 10, items: 80, k: 2, judgments });
  for (let l = 0; l < 10; l++)
    await saveMyProfile({
      userId: users[l]!,
      input: { languages: [{ language: l < 5 ? 'german' : 'french', proficiency: 'NATIVE' }], region: 'sim region' },
    });
  const lead = await makeUser('LEAD');
  const labeler = await makeUser('LABELER');
  for (const email of [lead.email, labeler.email]) await addMember({ actorId: null, input: { projectId: project.id, email } });
  await saveProfileField({
    actorId: lead.id,
    input: ZProfileField.parse({
      projectId: project.id,
      key: 'shift',
      label: 'Which shift do you work?',
      type: 'SELECT',
      options: 'early, late',
    }),
  });
  await refreshProjectStats({ projectId: project.id, all: true });
  return { project, lead, labeler };
}

test.describe('labeler pool', () => {
  test('a labeler fills a profile, a lead sees it and the group view', async ({ page, browser }) => {
    const g = await generateProject();

    await signInAndLand(page, g.labeler.email, PASSWORD, '/label');
    await page.goto('/account');
    await page.getByRole('link', { name: 'Your labeler profile' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Labeler profile' })).toBeVisible();
    await expect(page.getByText('Who sees it:')).toBeVisible();
    const form = page.getByRole('form', { name: 'Labeler profile' });
    await form.getByLabel('Language 1', { exact: true }).fill('Esperanto');
    await form.getByLabel('Proficiency 1', { exact: true }).selectOption('WORKING');
    await form.getByLabel('Language 2', { exact: true }).fill('German');
    await form.getByLabel('Proficiency 2', { exact: true }).selectOption('NATIVE');
    await form.getByLabel('Region').fill('Atlantis');
    await form.getByLabel('Areas of expertise').fill('Law, medicine');
    await form.getByLabel('Which shift do you work?').selectOption('late');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Profile saved.' })).toBeVisible();
    const saved = await db().labelerProfile.findUniqueOrThrow({
      where: { userId: g.labeler.id },
      select: { region: true, expertise: true },
    });
    expect(saved).toEqual({ region: 'Atlantis', expertise: ['law', 'medicine'] });

    const leadPage = await (await browser.newContext()).newPage();
    await signInAndLand(leadPage, g.lead.email, PASSWORD, '/projects');
    await leadPage.goto(`/projects/${g.project.id}/dashboard`);
    await leadPage.getByRole('link', { name: /Labeler pool/ }).click();
    await expect(leadPage.getByRole('heading', { level: 1, name: 'Labeler pool' })).toBeVisible();

    const profiles = leadPage.getByRole('region', { name: 'Labeler profiles', exact: true });
    const row = profiles.getByRole('row').filter({ hasText: g.labeler.name });
    await expect(row).toContainText('german (native)');
    await expect(row).toContainText('Atlantis');
    await expect(row).toContainText('law, medicine');
    await expect(row).toContainText('late');

    // By language: both groups of five shown; the labeler alone in Esperanto has no counted rankings, so that group is hidden.
    const groups = leadPage.getByRole('region', { name: 'Preferences by group', exact: true });
    const table = groups.getByRole('table', { name: /by Language/ });
    await expect(table.getByRole('row', { name: /^german 5 / })).toBeVisible();
    await expect(table.getByRole('row', { name: /^french 5 / })).toBeVisible();
    await expect(table.getByRole('row', { name: /^Everyone 10 / })).toBeVisible();
    await expect(groups.getByText('1 smaller group was hidden.')).toBeVisible();
    await expect(groups).not.toContainText('esperanto');
    await expect(groups.getByRole('heading', { name: 'Where groups disagree most' })).toBeVisible();
    // Items are named by their prompt, never by an id prefix (issue 18).
    const names = groups.getByTestId('item-name');
    await expect(names.first()).toHaveText('q');
    expect((await names.allTextContents()).filter((t) => /^[0-9a-f]{8}$/u.test(t))).toEqual([]);

    await groups.getByLabel('Break down by').selectOption('region');
    await groups.getByRole('button', { name: 'Show' }).click();
    await expect(leadPage).toHaveURL(/attribute=region/);
    await expect(
      leadPage.getByRole('region', { name: 'Preferences by group', exact: true }).getByRole('row', { name: /^sim region 10 / }),
    ).toBeVisible();

    // The speed clicker's alarm on the dashboard links to its evidence, with pause and exclude there.
    await leadPage.goto(`/projects/${g.project.id}/dashboard`);
    const abuse = leadPage.getByRole('region', { name: 'Coordinated or careless feedback', exact: true });
    await expect(abuse.getByRole('heading', { name: 'Too fast (1)' })).toBeVisible();
    // Each alarm's buttons carry the labeler's name beside them (issue 18).
    await expect(
      abuse.getByTestId('alarm-actions').filter({ hasText: 'Sim 10' }).getByRole('button', { name: 'Pause Sim 10' }).first(),
    ).toBeVisible();
    await abuse.getByRole('link', { name: 'Evidence: times' }).click();
    await expect(leadPage.getByRole('heading', { level: 1, name: 'Too fast: Sim 10' })).toBeVisible();
    await expect(leadPage.getByRole('button', { name: 'Pause Sim 10' })).toBeVisible();
    await expect(leadPage.getByRole('cell', { name: '2 s', exact: true }).first()).toBeVisible();
    await expect(leadPage.getByRole('cell', { name: '8 s', exact: true }).first()).toBeVisible();

    // The labeler clears everything: the form shows an empty profile, and nothing is stored.
    await page.getByRole('button', { name: 'Clear my profile' }).click();
    await page.getByRole('button', { name: 'Yes, clear my profile' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Your profile was cleared.' })).toBeVisible();
    await expect(form.getByLabel('Region')).toHaveValue('');
    await expect(form.getByLabel('Language 1', { exact: true })).toHaveValue('');
    expect(await db().labelerProfile.count({ where: { userId: g.labeler.id } })).toBe(0);
    expect(await db().labelerLanguage.count({ where: { userId: g.labeler.id } })).toBe(0);
  });
});
