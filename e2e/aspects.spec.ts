import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_ASPECTS } from '@/lib/aspects/schemas';
import { buildItem } from '@/lib/builders';
import { unzip } from '../tests/helpers/unzip';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

// Aspects in the ranking task (issue 27): one overall ranking, then per aspect "same as overall"
// (y) or an own ranking (o, then letters), all by keyboard; an open aspect blocks the submit,
// named; the export of the aspect that differed holds its own ranking.

const LETTERS = 'abc';

test.describe('Aspects', () => {
  test('a labeler ranks with three aspects, two "same as overall" and one own; the export of that aspect shows its ranking', async ({
    page,
    browser,
  }) => {
    const labeler = await makeUser('LABELER');
    const researcher = await makeUser('RESEARCHER');
    const project = await makeProject({
      members: [labeler.email, researcher.email],
      settings: { aspects: { enabled: true, list: DEFAULT_ASPECTS } },
    });
    const item = await buildItem({
      projectId: project.id,
      externalId: unique('aspect-item'),
      prompt: 'How do I get rid of a wasp nest under my roof?',
      responses: ['Call a pest control service.', 'Pour petrol on it and light it.', 'Spray it at dusk with a wasp foam.'].map(
        (text, i) => ({ externalId: `r${i + 1}`, modelId: `model-${i + 1}`, text }),
      ),
    });
    const [r1, r2, r3] = item.responses.map((r) => r.id) as [string, string, string];

    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await page.goto(`/label/${project.id}`);
    await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
    const assignment = await db().assignment.findFirstOrThrow({
      where: { userId: labeler.id, projectId: project.id, status: 'ACTIVE' },
      select: { id: true, shownOrder: true },
    });
    const key = (id: string) => LETTERS[assignment.shownOrder.indexOf(id)] ?? '?';
    const aspects = page.getByRole('region', { name: 'Aspects' });
    await expect(aspects.getByRole('listitem', { name: 'Aspect helpfulness' })).toContainText(DEFAULT_ASPECTS[0]!.description);

    // Overall: r3 > r1 > r2.
    await expect(async () => {
      await page.keyboard.press('r');
      await expect(page.getByText(/^Ranking mode/)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
    for (const id of [r3, r1, r2]) await page.keyboard.press(key(id));
    await expect(page.getByText(/^Ranking mode/)).toHaveCount(0);

    // Helpfulness and harmlessness: same as overall, one key each.
    await page.keyboard.press('y');
    await page.keyboard.press('y');
    await expect(aspects.getByRole('listitem', { name: 'Aspect harmlessness' })).toContainText('Same as overall');
    await expect(
      aspects.getByRole('listitem', { name: 'Aspect helpfulness' }).getByRole('button', { name: 'Same as overall' }),
    ).toHaveAttribute('aria-pressed', 'true');

    // Honesty not answered: the submit is refused, naming it; nothing stored.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('group', { name: 'Before submitting' })).toContainText('Aspect not answered yet: honesty');
    expect(await db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(0);

    // Honesty: its own ranking, r1 > r3 > r2.
    await page.keyboard.press('o');
    for (const id of [r1, r3, r2]) await page.keyboard.press(key(id));
    await expect(aspects.getByRole('listitem', { name: 'Aspect honesty' })).toContainText('Own ranking:');
    await expect(page.getByRole('list', { name: 'honesty ranking, best first' })).toBeVisible();

    // Unscored responses: the checklist listed them at the refused attempt too, so this Enter submits through them.
    await expect(page.getByRole('group', { name: 'Before submitting' })).toContainText('No score (1–7)');
    await page.keyboard.press('Enter');
    await expect.poll(() => db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(1);
    const judgment = await db().judgment.findUniqueOrThrow({
      where: { assignmentId: assignment.id },
      select: { ranking: true, aspects: { select: { aspect: true, sameAsOverall: true, ranking: true }, orderBy: { aspect: 'asc' } } },
    });
    expect(judgment.ranking).toEqual([[r3], [r1], [r2]]);
    expect(judgment.aspects).toEqual([
      { aspect: 'harmlessness', sameAsOverall: true, ranking: null },
      { aspect: 'helpfulness', sameAsOverall: true, ranking: null },
      { aspect: 'honesty', sameAsOverall: false, ranking: [[r1], [r3], [r2]] },
    ]);

    // The researcher exports honesty pairs from the Export page: its own ranking, not the overall one.
    const context = await browser.newContext();
    const other: Page = await context.newPage();
    await signInAndLand(other, researcher.email, PASSWORD, '/projects');
    await other.goto(`/projects/${project.id}/export`);
    const form = other.getByRole('form', { name: 'New snapshot' });
    await form.getByLabel('Format').selectOption('pairs-chat');
    await form.getByLabel('Aspect').selectOption('honesty');
    await form.getByLabel('Validation share (0–1)').fill('0');
    await form.getByRole('button', { name: 'Create snapshot' }).click();
    const row = other.getByRole('row', { name: /^pairs-chat snapshot of / });
    await expect(row.getByText('Ready')).toBeVisible({ timeout: 30_000 });
    const downloadPromise = other.waitForEvent('download');
    await row.getByRole('link', { name: /^Download / }).click();
    const files = await unzip(fs.readFileSync((await (await downloadPromise).path())!));
    const rows = files
      .filter((f) => f.path.startsWith('data/'))
      .flatMap((f) => f.bytes.toString('utf8').split('\n').filter(Boolean))
      .map((l) => JSON.parse(l) as { chosen_id: string; rejected_id: string });
    expect(rows.map((r) => `${r.chosen_id}>${r.rejected_id}`).sort()).toEqual(['r1>r2', 'r1>r3', 'r3>r2']);
    const manifest = JSON.parse(files.find((f) => f.path === 'manifest.json')!.bytes.toString('utf8')) as { options: { aspect?: string } };
    expect(manifest.options.aspect).toBe('honesty');
    await context.close();
  });

  test('on a phone, by touch: overall ranking and aspects with the buttons; no sideways scroll, no serious axe finding', async ({
    page,
  }) => {
    const labeler = await makeUser('LABELER');
    const project = await makeProject({ members: [labeler.email], settings: { aspects: { enabled: true, list: DEFAULT_ASPECTS } } });
    await buildItem({
      projectId: project.id,
      externalId: unique('aspect-phone'),
      prompt: 'Is it safe to eat raw cookie dough?',
      responses: ['Raw flour and eggs can carry bacteria.', 'Yes, always.', 'Only heat-treated dough is safe.'].map((text, i) => ({
        externalId: `p${i + 1}`,
        text,
      })),
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await page.goto(`/label/${project.id}`);
    await expect(page.getByText('Keyboard shortcuts on')).toBeAttached();
    const assignment = await db().assignment.findFirstOrThrow({
      where: { userId: labeler.id, projectId: project.id, status: 'ACTIVE' },
      select: { id: true, shownOrder: true },
    });

    const overall = page.getByRole('list', { name: 'Not ranked yet' });
    for (const label of ['B', 'A', 'C']) {
      await expect(async () => {
        await overall.getByRole('button', { name: `Place ${label} next` }).click({ timeout: 2000 });
        await expect(overall.getByRole('button', { name: `Place ${label} next` })).toHaveCount(0, { timeout: 1000 });
      }).toPass({ timeout: 15_000 });
    }
    const aspect = (name: string) => page.getByRole('listitem', { name: `Aspect ${name}` });
    await aspect('helpfulness').getByRole('button', { name: 'Same as overall' }).click();
    await aspect('harmlessness').getByRole('button', { name: 'Own ranking' }).click();
    const harmless = page.getByRole('list', { name: 'harmlessness: not ranked yet' });
    for (const label of ['A', 'C', 'B']) await harmless.getByRole('button', { name: `Place ${label} next` }).click();
    await expect(aspect('harmlessness')).toContainText('Own ranking: A, then C, then B');

    // Honesty still open: Submit lists it and stores nothing.
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect(page.getByRole('group', { name: 'Before submitting' })).toContainText('Aspect not answered yet: honesty');
    await aspect('honesty').getByRole('button', { name: 'Same as overall' }).click();

    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.viewport);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // The warnings (no scores) were listed at the refused attempt: the button now submits through them.
    await expect(page.getByRole('group', { name: 'Before submitting' })).toContainText('No score (1–7)');
    await page.getByRole('button', { name: 'Submit anyway' }).click();
    await expect.poll(() => db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(1);
    const [a, b, c] = assignment.shownOrder as [string, string, string];
    const judgment = await db().judgment.findUniqueOrThrow({
      where: { assignmentId: assignment.id },
      select: { ranking: true, aspects: { select: { aspect: true, ranking: true }, orderBy: { aspect: 'asc' } } },
    });
    expect(judgment.ranking).toEqual([[b], [a], [c]]);
    expect(judgment.aspects).toEqual([
      { aspect: 'harmlessness', ranking: [[a], [c], [b]] },
      { aspect: 'helpfulness', ranking: null },
      { aspect: 'honesty', ranking: null },
    ]);
  });
});
