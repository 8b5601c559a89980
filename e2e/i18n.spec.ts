import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import type en from '@/messages/en.json';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

// Issue 31: the labeler screens in the labeler's own language. The locale comes from the profile
// (users.locale) here; the screen is then rendered in it on the server, right to left for Arabic,
// and the keyboard works by key position on a layout whose keys print no Latin letters.

const LETTERS = 'ABC';

/** A catalogue as the app reads it (Playwright's loader does not import JSON modules). */
const catalogue = (locale: string): typeof en =>
  JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'messages', `${locale}.json`), 'utf8'));
const ar = catalogue('ar');
const ja = catalogue('ja');

async function setup(locale: string, prompt: string, texts: string[]) {
  const labeler = await makeUser('LABELER');
  await db().user.update({ where: { id: labeler.id }, data: { locale } });
  const project = await makeProject({ members: [labeler.email] });
  const item = await buildItem({
    projectId: project.id,
    externalId: unique('item'),
    prompt,
    responses: texts.map((text, i) => ({ externalId: `r${i + 1}`, modelId: `secret-model-${i}`, text })),
  });
  return { labeler, project, ids: item.responses.map((r) => r.id) };
}

async function liveAssignment(userId: string, projectId: string) {
  return db().assignment.findFirstOrThrow({ where: { userId, projectId, status: 'ACTIVE' }, select: { id: true, shownOrder: true } });
}

/** Serious and critical axe violations of the page as it is now. */
async function axeProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

/** A keydown as a keyboard with another layout sends it: `key` is what the layout prints, `code` the physical key. */
async function pressAs(page: Page, key: string, code: string, shiftKey = false) {
  await page.evaluate(
    ([k, c, s]) => {
      const target = document.activeElement ?? document.body;
      target.dispatchEvent(new KeyboardEvent('keydown', { key: k, code: c, shiftKey: s, bubbles: true, cancelable: true }));
    },
    [key, code, shiftKey] as const,
  );
}

test.describe('labeler screens in the labeler’s language (issue 31)', () => {
  test('Arabic: the UI is mirrored, model text keeps its own direction, ranking by keyboard is stored, axe passes', async ({ page }) => {
    const texts = ['عاصمة France هي Paris، وهي مدينة كبيرة.', 'The capital of France is Paris.', 'أظن أنها Lyon في France.'];
    const { labeler, project, ids } = await setup('ar', 'ما هي عاصمة France؟', texts);
    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
    await expect(page.getByRole('heading', { name: ar.LabelHome.heading })).toBeVisible();
    expect(await axeProblems(page), 'axe on the Arabic label home').toEqual([]);

    await page.goto(`/label/${project.id}`);
    await expect(page.getByText(ar.Rank.hint.ready)).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('button', { name: ar.Rank.submit.label, exact: true })).toBeVisible();
    const assignment = await liveAssignment(labeler.id, project.id);
    const letterOf = (id: string | undefined) => LETTERS[assignment.shownOrder.indexOf(id ?? '')] ?? '?';

    // Each response (and the prompt) takes the direction of its own text: Arabic right to left, English left to right.
    for (const id of ids) await expect(page.locator(`#response-${letterOf(id)} div[dir="auto"]`).first()).toBeAttached();
    const direction = (letter: string) =>
      page
        .locator(`#response-${letter} p[dir="auto"]`)
        .first()
        .evaluate((el) => getComputedStyle(el).direction);
    expect(await direction(letterOf(ids[0]))).toBe('rtl');
    expect(await direction(letterOf(ids[1]))).toBe('ltr');
    expect(
      await page
        .locator('#prompt-heading ~ div p[dir="auto"]')
        .first()
        .evaluate((el) => getComputedStyle(el).direction),
    ).toBe('rtl');
    // The screen itself is mirrored: the ranking panel sits left of the responses on a wide screen.
    const panel = await page.locator('#ranking-panel').boundingBox();
    const responses = await page.locator(`#response-A`).boundingBox();
    if (panel && responses && (page.viewportSize()?.width ?? 0) >= 1024) expect(panel.x).toBeLessThan(responses.x);
    expect(await axeProblems(page), 'axe on the Arabic ranking screen').toEqual([]);

    // The word diff of the Arabic response with English words and the English one.
    await page.keyboard.press('Shift+D');
    const diff = page.getByRole('dialog', { name: ar.Rank.tools.wordDiff });
    await expect(diff).toBeVisible();
    await expect(diff.getByRole('region', { name: ar.WordDiff.differences })).toHaveAttribute('dir', 'auto');
    await expect(diff.getByRole('region', { name: ar.WordDiff.differences })).toContainText('Paris');
    expect(await axeProblems(page), 'axe on the Arabic word diff').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    // Score and rank by keyboard: third shown best, then first, then second (not the shown order: no warning).
    for (const [letter, score] of [
      ['a', 5],
      ['b', 2],
      ['c', 7],
    ] as const) {
      await expect(async () => {
        await page.keyboard.press(letter);
        await expect(page.locator(`#response-${letter.toUpperCase()}`)).toBeFocused({ timeout: 1000 });
      }).toPass({ timeout: 15_000 });
      await page.keyboard.press(String(score));
      await expect(page.locator(`#response-${letter.toUpperCase()}`).getByRole('radio', { checked: true })).toHaveAccessibleName(
        `${score} ${ar.Likert[String(score) as '1']}`,
      );
    }
    await page.keyboard.press('r');
    await expect(page.getByText(ar.Rank.hint.rankMode)).toBeVisible();
    for (const key of ['c', 'a', 'b']) await page.keyboard.press(key);
    await expect(page.getByText(ar.Rank.hint.rankMode)).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect.poll(() => db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(1);
    const judgment = await db().judgment.findUniqueOrThrow({ where: { assignmentId: assignment.id }, select: { ranking: true } });
    expect(judgment.ranking).toEqual([[assignment.shownOrder[2]], [assignment.shownOrder[0]], [assignment.shownOrder[1]]]);
  });

  test('Japanese: the keys act by position when the layout prints kana (event.key non-Latin), and the ranking is stored', async ({
    page,
  }) => {
    const { labeler, project } = await setup('ja', '日本の首都はどこですか？', [
      '東京です。',
      '大阪だと思います。',
      '京都は昔の首都です。',
    ]);
    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await page.goto(`/label/${project.id}`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByText(ja.Rank.hint.ready)).toBeVisible();
    const assignment = await liveAssignment(labeler.id, project.id);

    // "?" on a JIS keyboard in kana mode prints "・" (Shift+Slash): the key map opens.
    await pressAs(page, '・', 'Slash', true);
    await expect(page.getByRole('dialog', { name: ja.Rank.keysTitle })).toBeVisible();
    await expect(page.getByRole('dialog', { name: ja.Rank.keysTitle })).toContainText(ja.KeyMap.action.rankMode);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);

    // Kana input: ち is on KeyA, こ on KeyB, そ on KeyC, す on KeyR; ふ on Digit2, え on Digit5, や on Digit7.
    for (const [kana, code, letter, digitKana, digitCode, score] of [
      ['ち', 'KeyA', 'A', 'え', 'Digit5', 5],
      ['こ', 'KeyB', 'B', 'ふ', 'Digit2', 2],
      ['そ', 'KeyC', 'C', 'や', 'Digit7', 7],
    ] as const) {
      await expect(async () => {
        await pressAs(page, kana, code);
        await expect(page.locator(`#response-${letter}`)).toBeFocused({ timeout: 1000 });
      }).toPass({ timeout: 15_000 });
      await pressAs(page, digitKana, digitCode);
      await expect(page.locator(`#response-${letter}`).getByRole('radio', { checked: true })).toHaveAccessibleName(
        `${score} ${ja.Likert[String(score) as '1']}`,
      );
    }
    await pressAs(page, 'す', 'KeyR');
    await expect(page.getByText(ja.Rank.hint.rankMode)).toBeVisible();
    for (const [kana, code] of [
      ['そ', 'KeyC'],
      ['ち', 'KeyA'],
      ['こ', 'KeyB'],
    ] as const)
      await pressAs(page, kana, code);
    await expect(page.getByText(ja.Rank.hint.rankMode)).toHaveCount(0);
    await pressAs(page, 'Enter', 'Enter');
    await expect.poll(() => db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(1);
    const judgment = await db().judgment.findUniqueOrThrow({ where: { assignmentId: assignment.id }, select: { ranking: true } });
    expect(judgment.ranking).toEqual([[assignment.shownOrder[2]], [assignment.shownOrder[0]], [assignment.shownOrder[1]]]);
  });

  test('the header switcher saves the locale in the profile and the page follows it', async ({ page }) => {
    const labeler = await makeUser('LABELER');
    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByTestId('locale-switcher').selectOption('ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { name: ar.LabelHome.heading })).toBeVisible();
    await expect
      .poll(async () => (await db().user.findUniqueOrThrow({ where: { id: labeler.id }, select: { locale: true } })).locale)
      .toBe('ar');
    await page.getByTestId('locale-switcher').selectOption('');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect
      .poll(async () => (await db().user.findUniqueOrThrow({ where: { id: labeler.id }, select: { locale: true } })).locale)
      .toBeNull();
  });
});
