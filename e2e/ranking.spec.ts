import { expect, test, type Page } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, recordSameOriginBodies, signInAndLand, unique } from './fixtures';
import { baseUrl } from './security-fixtures';

// The labeler's ranking screen. Every test has its own project and labeler; the order responses
// are shown in is shuffled per assignment, so tests read it from the database and map letters.

const SECRET_MODELS = ['secret-model-xyz-1', 'secret-model-xyz-2', 'secret-model-xyz-3', 'secret-model-xyz-4', 'secret-model-xyz-5'];
const LETTERS = 'abcde';

type Options = { prompt?: string; texts?: string[]; gold?: boolean };

/** An item with three responses r1..r3 (or as many as texts), ids returned in that order, straight in the database. */
async function makeRankItem(projectId: string, options: Options = {}) {
  const prompt = options.prompt ?? `Question ${unique('q')}: name a primary colour.`;
  const texts = options.texts ?? ['Red is a primary colour.', 'Blue, for one.', 'Green is not one in paint.'];
  const item = await buildItem({
    projectId,
    externalId: unique('item'),
    prompt,
    responses: texts.map((text, i) => ({ externalId: `r${i + 1}`, modelId: SECRET_MODELS[i], text })),
    ...(options.gold ? { gold: [[2], [0, 1]] } : {}),
  });
  return { id: item.id, prompt, ids: item.responses.map((r) => r.id) };
}

async function setup(items: Options[] = [{}]) {
  const labeler = await makeUser('LABELER');
  const project = await makeProject({ members: [labeler.email] });
  const made = [];
  for (const options of items) made.push(await makeRankItem(project.id, options));
  return { labeler, project, items: made };
}

/** The labeler's live assignment: its id, item and the order its responses are shown in (A, B, C). */
async function liveAssignment(userId: string, projectId: string) {
  return db().assignment.findFirstOrThrow({
    where: { userId, projectId, status: 'ACTIVE' },
    select: { id: true, itemId: true, shownOrder: true },
  });
}

/** Waits until the screen is hydrated: keyboard shortcuts only work from then on. */
async function waitForScreen(page: Page) {
  await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
}

async function openTask(page: Page, labeler: { id: string; email: string }, projectId: string) {
  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${projectId}`);
  await waitForScreen(page);
  return liveAssignment(labeler.id, projectId);
}

const letterOf = (shown: string[], id: string) => LETTERS[shown.indexOf(id)] ?? '?';
const response = (page: Page, letter: string) => page.getByRole('article', { name: `Response ${letter.toUpperCase()}` });

async function judgmentOf(assignmentId: string) {
  return db().judgment.findUniqueOrThrow({
    where: { assignmentId },
    select: {
      ranking: true,
      allUnacceptable: true,
      promptFlags: true,
      durationMs: true,
      ratings: { select: { responseId: true, likert: true, flags: true, flaws: true } },
    },
  });
}

async function boardOrder(page: Page) {
  return page
    .getByRole('list', { name: 'Ranking, best first' })
    .locator('li[aria-label^="Response "]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
}

async function notRanked(page: Page) {
  const list = page.getByRole('list', { name: 'Not ranked yet' });
  if ((await list.count()) === 0) return [];
  return list.locator('li[aria-label^="Response "]').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
}

/** Places the responses with the "place next" buttons, in this order. */
async function placeInOrder(page: Page, letters: string) {
  for (const letter of letters.toUpperCase()) await page.getByRole('button', { name: `Place ${letter} next` }).click();
}

/** Submit; when the checklist shows warnings, submit through them. */
async function submitThroughWarnings(page: Page) {
  const submit = page.getByRole('button', { name: /^Submit/ });
  await submit.click();
  const next = page.getByRole('heading', { name: 'No tasks left in this project right now' });
  await expect(next.or(page.getByRole('button', { name: 'Submit anyway' }))).toBeVisible();
  if (await page.getByRole('button', { name: 'Submit anyway' }).isVisible())
    await page.getByRole('button', { name: 'Submit anyway' }).click();
  await expect(next).toBeVisible();
}

test.describe('ranking screen', () => {
  test('ranks three items with the keyboard only and stores rankings, ties and scores', async ({ page }) => {
    const { labeler, project, items } = await setup([{}, {}, {}]);
    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await page.goto(`/label/${project.id}`);
    const seen: string[] = [];
    const plans = [
      // Scores for A, B, C; then the keys after `r`; then the expected ranking as positions in the shown order.
      { likert: [5, 2, 7], keys: ['c', 'a', 'b'], ranking: [[2], [0], [1]] },
      { likert: [3, 6, 6], keys: ['b', '=', 'c', 'a'], ranking: [[1, 2], [0]] },
      { likert: [null, null, null], keys: ['a', 'b', 'Backspace', 'c', 'b'], ranking: [[0], [2], [1]] },
    ];
    for (const [n, plan] of plans.entries()) {
      await waitForScreen(page);
      const assignment = await liveAssignment(labeler.id, project.id);
      expect(seen).not.toContain(assignment.id);
      seen.push(assignment.id);
      const item = items.find((i) => i.id === assignment.itemId);
      await expect(page.getByText(item?.prompt ?? 'missing')).toBeVisible();

      if (n === 0) {
        await page.keyboard.press('?');
        await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);
        await page.keyboard.press('Shift+G');
        await expect(page.getByRole('dialog', { name: 'Guidelines' })).toContainText('Be careful.');
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);
      }
      for (const [i, score] of plan.likert.entries()) {
        if (score === null) continue;
        // On a loaded machine the first key can land while the new task is still mounting: press again until it takes.
        await expect(async () => {
          await page.keyboard.press(LETTERS[i] ?? '');
          await expect(response(page, LETTERS[i] ?? '')).toBeFocused({ timeout: 1000 });
        }).toPass({ timeout: 15_000 });
        await page.keyboard.press(String(score));
        await expect(response(page, LETTERS[i] ?? '').getByRole('radio', { checked: true })).toHaveAccessibleName(new RegExp(`^${score} `));
      }
      await page.keyboard.press('r');
      await expect(page.getByText(/^Ranking mode/)).toBeVisible();
      for (const key of plan.keys) await page.keyboard.press(key);
      await expect(page.getByText(/^Ranking mode/)).toHaveCount(0);
      await page.keyboard.press('Enter');
      if (plan.likert.some((score) => score === null)) {
        // Scores are missing: the checklist says so at submit time, and Enter again submits through it.
        await expect(page.getByRole('group', { name: 'Before submitting' })).toContainText('No score (1–7) for A, B, C.');
        expect(await db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(0);
        await page.keyboard.press('Enter');
      }

      await expect.poll(() => db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(1);
      const judgment = await judgmentOf(assignment.id);
      expect(judgment.ranking).toEqual(plan.ranking.map((group) => group.map((p) => assignment.shownOrder[p])));
      expect(judgment.allUnacceptable).toBe(false);
      const likerts = Object.fromEntries(judgment.ratings.map((r) => [r.responseId, r.likert]));
      plan.likert.forEach((score, i) => expect(likerts[assignment.shownOrder[i] ?? ''] ?? null).toBe(score));
      expect(judgment.durationMs).toBeGreaterThan(0);
      if (n < plans.length - 1) {
        // The next task starts at its top, says the last one was submitted, and has the prompt focused.
        await expect(page.getByRole('status').filter({ hasText: 'Submitted — next task' })).toBeVisible();
        await expect(page.locator('#prompt-heading')).toBeFocused();
        expect(await page.evaluate(() => window.scrollY)).toBe(0);
      }
    }
    await expect(page.getByRole('heading', { name: 'No tasks left in this project right now' })).toBeVisible();
    await expect(page.getByRole('main').getByRole('link', { name: 'My work' })).toHaveAttribute('href', '/my-work');
    await expect(page.getByText('Your labels today: 3')).toBeVisible();
    await expect(page.getByText(/^Items complete \(all labelers\): \d+ \/ 3$/)).toBeVisible();
  });

  test('ranks by drag and drop; a long response starts collapsed', async ({ page }) => {
    const long = `${'A long paragraph about colour theory. '.repeat(40)}The end.`;
    const { labeler, project, items } = await setup([{ texts: [long, 'Short.', 'Also short.'] }]);
    const assignment = await openTask(page, labeler, project.id);
    const longLetter = letterOf(assignment.shownOrder, items[0]?.ids[0] ?? '');
    const longCard = response(page, longLetter);
    await expect(longCard.getByRole('button', { name: `Show all of Response ${longLetter.toUpperCase()}` })).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    await page.keyboard.press(longLetter);
    await page.keyboard.press('Shift+C');
    await expect(longCard.getByRole('button', { name: `Show less of Response ${longLetter.toUpperCase()}` })).toHaveAttribute(
      'aria-expanded',
      'true',
    );

    // Nothing is ranked at first. Drag C onto the empty ranking, A below it, A back to "not ranked
    // yet", A below C again, B onto A's group (a tie), B out with its button, then B at the end.
    expect(await boardOrder(page)).toEqual([]);
    expect(await notRanked(page)).toEqual(['Response A', 'Response B', 'Response C']);
    await page.getByRole('listitem', { name: 'Response C' }).dragTo(page.locator('[data-drop-position="0"]'));
    await expect.poll(() => boardOrder(page)).toEqual(['Response C']);
    await page.getByRole('listitem', { name: 'Response A' }).dragTo(page.locator('[data-drop-position="1"]'));
    await expect.poll(() => boardOrder(page)).toEqual(['Response C', 'Response A']);
    await page.getByRole('listitem', { name: 'Response A' }).dragTo(page.getByRole('list', { name: 'Not ranked yet' }));
    await expect.poll(() => notRanked(page)).toEqual(['Response A', 'Response B']);
    await page.getByRole('listitem', { name: 'Response A' }).dragTo(page.locator('[data-drop-position="1"]'));
    await page.getByRole('listitem', { name: 'Response B' }).dragTo(page.locator('[data-group="1"]'));
    await expect(page.getByRole('list', { name: 'Place 2, tied' })).toBeVisible();
    expect(await notRanked(page)).toEqual([]);
    await page.getByRole('button', { name: 'Take B out of the ranking' }).click();
    await expect.poll(() => notRanked(page)).toEqual(['Response B']);
    await page.getByRole('listitem', { name: 'Response B' }).dragTo(page.locator('[data-drop-position="2"]'));
    await expect.poll(() => boardOrder(page)).toEqual(['Response C', 'Response A', 'Response B']);
    await submitThroughWarnings(page);
    const [a, b, c] = assignment.shownOrder;
    expect((await judgmentOf(assignment.id)).ranking).toEqual([[c], [a], [b]]);
  });

  test('a tie is stored as one group of two', async ({ page }) => {
    const { labeler, project } = await setup();
    const assignment = await openTask(page, labeler, project.id);
    await placeInOrder(page, 'acb');
    await page.getByRole('button', { name: 'Tie C with the one above' }).click();
    await expect.poll(() => boardOrder(page)).toEqual(['Response A', 'Response C', 'Response B']);
    await expect(page.getByRole('list', { name: 'Place 1, tied' })).toBeVisible();
    await submitThroughWarnings(page);
    const [a, b, c] = assignment.shownOrder;
    expect((await judgmentOf(assignment.id)).ranking).toEqual([[a, c], [b]]);
  });

  test('"all responses are unacceptable" stores an empty ranking', async ({ page }) => {
    const { labeler, project } = await setup();
    const assignment = await openTask(page, labeler, project.id);
    await page.getByLabel('All responses are unacceptable').check();
    await expect(page.getByRole('button', { name: 'Place B next' })).toBeDisabled();
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'No tasks left in this project right now' })).toBeVisible();
    const judgment = await judgmentOf(assignment.id);
    expect(judgment.allUnacceptable).toBe(true);
    expect(judgment.ranking).toEqual([]);
  });

  test('the screen says until when the task is reserved, and after it ends that submitting still works', async ({ page }) => {
    const { labeler, project } = await setup();
    // A controllable clock in the page (the server's lease is untouched): it only moves forward when told.
    await page.clock.install();
    const assignment = await openTask(page, labeler, project.id);
    const lease = await db().assignment.findUniqueOrThrow({ where: { id: assignment.id }, select: { leaseExpiresAt: true } });
    const note = page.getByTestId('lease-note');
    await expect(note).toHaveText(/^Reserved for you until \d{1,2}:\d{2}/);
    const msToExpiry = lease.leaseExpiresAt.getTime() - (await page.evaluate(() => Date.now()));
    await page.clock.fastForward(msToExpiry - 3 * 60_000);
    await expect(note).toHaveText(/\(\d min left\)|less than a minute/);
    await page.clock.fastForward(4 * 60_000);
    await expect(note).toContainText('Submitting still works while this item needs answers');
  });

  test('a reload in the middle of a task restores the saved draft', async ({ page }) => {
    const { labeler, project } = await setup([
      { texts: ['Paris is the capital of France.', 'Lyon is the capital.', 'Marseille, probably.'] },
    ]);
    const assignment = await openTask(page, labeler, project.id);
    const [a, , c] = assignment.shownOrder;
    await response(page, 'a').getByRole('radio', { name: '6 good' }).check();
    await response(page, 'b').getByRole('button', { name: 'Add flag for B' }).click();
    await response(page, 'b').getByLabel('Hallucination / makes up facts').check();
    await response(page, 'c').getByRole('button', { name: 'Add flaw note on C' }).click();
    const textarea = response(page, 'c').getByLabel('Text of C: select the flawed part');
    await expect(textarea).toBeFocused();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('x'); // typing never edits the response text
    await response(page, 'c').getByLabel('Category').selectOption('coherence');
    await response(page, 'c').getByLabel('Severity').selectOption('3');
    await response(page, 'c').getByLabel('Comment (optional)').fill('Wrong city');
    await response(page, 'c').getByRole('button', { name: 'Add the note on C' }).click();
    await expect(page.getByRole('list', { name: 'Flaw notes on C' })).toBeVisible();
    await placeInOrder(page, 'ac');
    await page.getByLabel('Ambiguous').check();
    await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible();

    const cText = (await db().response.findUniqueOrThrow({ where: { id: c ?? '' }, select: { text: true } })).text;
    const stored = await db().assignment.findUniqueOrThrow({ where: { id: assignment.id }, select: { draft: true } });
    expect(stored.draft).toMatchObject({
      promptFlags: ['ambiguous'],
      ranking: [[a], [c]],
      unranked: [assignment.shownOrder[1]],
      rankMode: null,
      restGroupedBelow: false,
      ratings: [
        { responseId: a, likert: 6, flags: [] },
        { responseId: assignment.shownOrder[1], likert: null, flags: ['hallucination'] },
        { responseId: c, flaws: [{ start: 0, end: 6, category: 'coherence', severity: 3, comment: 'Wrong city' }] },
      ],
    });

    await page.reload();
    await waitForScreen(page);
    await expect(response(page, 'a').getByRole('radio', { name: '6 good' })).toBeChecked();
    await expect(response(page, 'b').getByRole('list', { name: 'Flags set on B' })).toContainText('Hallucination / makes up facts');
    const notes = page.getByRole('list', { name: 'Flaw notes on C' });
    await expect(notes).toContainText(cText.slice(0, 6));
    await expect(notes).toContainText('coherence · severity 3 (major) · Wrong city');
    await expect(page.getByLabel('Ambiguous')).toBeChecked();
    expect(await boardOrder(page)).toEqual(['Response A', 'Response C']);
    expect(await notRanked(page)).toEqual(['Response B']);
    await expect(page.getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible();
  });

  test('when saving fails the work is kept in the browser, restored on reload and saved once the server answers', async ({ page }) => {
    const { labeler, project } = await setup();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('Failed to load resource')) consoleErrors.push(message.text());
    });
    const assignment = await openTask(page, labeler, project.id);
    const failSaves = (route: import('@playwright/test').Route) =>
      route.request().method() === 'POST' && (route.request().postData() ?? '').includes('activeMs') ? route.abort() : route.continue();
    await page.route(`**/label/${project.id}`, failSaves);
    await response(page, 'b').getByRole('radio', { name: '5 somewhat good' }).check();
    await expect(page.getByRole('status').filter({ hasText: 'Not saved — retrying' })).toBeVisible();
    expect((await db().assignment.findUniqueOrThrow({ where: { id: assignment.id }, select: { draft: true } })).draft).toBeNull();

    await page.reload();
    await waitForScreen(page);
    await expect(response(page, 'b').getByRole('radio', { name: '5 somewhat good' })).toBeChecked();
    await expect(page.getByRole('status').filter({ hasText: 'Not saved — retrying' })).toBeVisible();
    await page.unroute(`**/label/${project.id}`, failSaves);
    await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible({ timeout: 20_000 });
    const draft = (await db().assignment.findUniqueOrThrow({ where: { id: assignment.id }, select: { draft: true } })).draft;
    expect(draft).toMatchObject({ ratings: [{ responseId: assignment.shownOrder[1], likert: 5 }] });
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('preflab:')))).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('a double click on Submit writes exactly one judgment', async ({ page }) => {
    const { labeler, project } = await setup();
    const assignment = await openTask(page, labeler, project.id);
    let submits = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && (request.postData() ?? '').includes('durationMs')) submits += 1;
    });
    // Scored and placed with no warning, so the first click submits and the second finds it in flight.
    for (const [letter, score] of [
      ['a', '5 somewhat good'],
      ['b', '6 good'],
      ['c', '4 okay'],
    ] as const)
      await response(page, letter).getByRole('radio', { name: score }).check();
    await placeInOrder(page, 'bac');
    await page.getByRole('button', { name: 'Submit', exact: true }).dblclick();
    await expect(page.getByRole('heading', { name: 'No tasks left in this project right now' })).toBeVisible();
    expect(await db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(1);
    expect(submits).toBe(1);
  });

  test('warnings ask for one more confirmation, then submit', async ({ page }) => {
    const { labeler, project } = await setup();
    const assignment = await openTask(page, labeler, project.id);
    await response(page, 'a').getByRole('radio', { name: '2 bad' }).check();
    await response(page, 'b').getByRole('radio', { name: '6 good' }).check();
    await placeInOrder(page, 'abc');
    // Nothing is said before the labeler submits.
    await expect(page.getByRole('group', { name: 'Before submitting' })).toHaveCount(0);
    const submit = page.getByRole('button', { name: /^Submit/ });
    await submit.click();
    await expect(page.getByRole('listitem').filter({ hasText: 'A is ranked above B but has a lower score (2 < 6).' })).toBeVisible();
    await expect(
      page.getByRole('listitem').filter({ hasText: 'The ranking is exactly the order the responses were shown in.' }),
    ).toBeVisible();
    await expect(page.getByRole('listitem').filter({ hasText: 'No score (1–7) for C.' })).toBeVisible();
    await expect(submit).toHaveText('Submit anyway');
    expect(await db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(0);
    await submit.click();
    await expect(page.getByRole('heading', { name: 'No tasks left in this project right now' })).toBeVisible();
    const stored = await db().judgment.findUniqueOrThrow({ where: { assignmentId: assignment.id }, select: { warnings: true } });
    expect(stored.warnings.sort()).toEqual(['likert_contradiction', 'missing_likert', 'shown_order']);
  });

  test('model output that looks like HTML is shown as text and runs nothing', async ({ page }) => {
    const payloads = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>'];
    const { labeler, project, items } = await setup([{ texts: [...payloads, 'A plain answer.'] }]);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const assignment = await openTask(page, labeler, project.id);
    const ids = items[0]?.ids ?? [];
    for (const [i, payload] of payloads.entries()) {
      const card = response(page, letterOf(assignment.shownOrder, ids[i] ?? ''));
      await expect(card.getByText(payload, { exact: true })).toBeVisible();
    }
    await page.keyboard.press('Shift+D');
    await expect(page.getByRole('dialog', { name: 'Word diff' })).toBeVisible();
    await page.keyboard.press('Escape');
    const main = page.getByRole('main');
    await expect(main.locator('img')).toHaveCount(0);
    await expect(main.locator('script')).toHaveCount(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').evaluateAll((els) => els.filter((el) => el.textContent?.trim() === 'alert(1)').length)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('no model id or gold ranking reaches the page or any server action response', async ({ page }) => {
    const { labeler, project, items } = await setup([{ gold: true }]);
    const item = items[0];
    const goldJson = JSON.stringify([[item?.ids[2]], [item?.ids[0], item?.ids[1]]]);
    // Every same-origin answer passes through here, so its body is read even when the page moves on to the next task.
    const bodies = await recordSameOriginBodies(page.context(), baseUrl());
    const assignment = await openTask(page, labeler, project.id);
    const html = await page.content();
    await response(page, 'a').getByRole('radio', { name: '3 somewhat bad' }).check();
    await placeInOrder(page, 'bac');
    await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible();
    await submitThroughWarnings(page);
    expect(await db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(1);

    // At least a draft save and the submit, each read whole.
    expect(bodies.filter((c) => c.where.startsWith('POST ')).length).toBeGreaterThanOrEqual(2);
    for (const { where: url, body } of [...bodies, { where: 'page.content()', body: html }]) {
      for (const secret of ['secret-model-xyz', 'goldRanking', 'isGold', goldJson, goldJson.replace(/"/g, '\\"')]) {
        expect(body.includes(secret), `${url} contains ${secret}`).toBe(false);
      }
    }
  });

  test('a flaw note stores its exact span; an empty selection is refused', async ({ page }) => {
    const text = 'Café 🎉 opens at 9 on Sundays.';
    const { labeler, project, items } = await setup([{ texts: [text, 'It opens at noon.', 'Closed on Sundays.'] }]);
    const assignment = await openTask(page, labeler, project.id);
    const id = items[0]?.ids[0] ?? '';
    const card = response(page, letterOf(assignment.shownOrder, id));
    const label = letterOf(assignment.shownOrder, id).toUpperCase();
    await card.getByRole('button', { name: `Add flaw note on ${label}` }).click();
    await card.getByRole('button', { name: `Add the note on ${label}` }).click();
    await expect(card.getByRole('alert')).toHaveText(/Select the flawed part of the text first/);

    const start = text.indexOf('9 on Sundays');
    const end = start + '9 on Sundays'.length;
    await card
      .getByLabel(`Text of ${label}: select the flawed part`)
      .evaluate((el, [s, e]) => (el as HTMLTextAreaElement).setSelectionRange(s ?? 0, e ?? 0), [start, end]);
    await card.getByLabel('Category').selectOption('accuracy');
    await card.getByLabel('Severity').selectOption('4');
    await card.getByLabel('Comment (optional)').fill('It opens at noon');
    await card.getByRole('button', { name: `Add the note on ${label}` }).click();
    await expect(card.getByRole('list', { name: `Flaw notes on ${label}` })).toContainText('9 on Sundays');
    await placeInOrder(page, 'acb');
    await submitThroughWarnings(page);

    const rating = (await judgmentOf(assignment.id)).ratings.find((r) => r.responseId === id);
    expect(rating?.flaws).toEqual([{ start, end, category: 'accuracy', severity: 4, comment: 'It opens at noon' }]);
    expect(start).toBe(17); // 'Café ' 5 + emoji 2 (UTF-16 code units, as the browser counts) + ' opens at ' 10
  });

  test('skipping needs a reason (and a note for "other") and is stored', async ({ page }) => {
    const { labeler, project } = await setup();
    const assignment = await openTask(page, labeler, project.id);
    await page.keyboard.press('s');
    const dialog = page.getByRole('dialog', { name: 'Skip this task' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Other (say why)').check();
    await dialog.getByRole('button', { name: 'Skip task' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Say why, when the reason is "other".');
    await dialog.getByLabel('Broken: garbled, truncated or empty').check();
    await dialog.getByLabel('Note (optional)').fill('Responses are cut off');
    await dialog.getByRole('button', { name: 'Skip task' }).click();
    await expect(page.getByRole('heading', { name: 'No tasks left in this project right now' })).toBeVisible();
    const stored = await db().assignment.findUniqueOrThrow({
      where: { id: assignment.id },
      select: { status: true, skipReason: true, skipNote: true },
    });
    expect(stored).toEqual({ status: 'SKIPPED', skipReason: 'broken', skipNote: 'Responses are cut off' });
    expect(await db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(0);
  });

  test('a paused labeler is told so and gets no task; a non-member gets 404', async ({ page }) => {
    const { labeler, project } = await setup();
    await db().membership.update({ where: { projectId_userId: { projectId: project.id, userId: labeler.id } }, data: { paused: true } });
    await signInAndLand(page, labeler.email, PASSWORD, '/label');
    await page.goto(`/label/${project.id}`);
    await expect(page.getByRole('heading', { name: 'Labeling is paused' })).toBeVisible();
    expect(await db().assignment.count({ where: { userId: labeler.id } })).toBe(0);

    const other = await setup();
    const res = await page.goto(`/label/${other.project.id}`);
    expect(res?.status()).toBe(404);
    expect(await db().assignment.count({ where: { projectId: other.project.id } })).toBe(0);
  });
});

test.describe('honest rankings (issue 17, issue 18 item 3)', () => {
  const FIVE = ['Paris is the capital of France.', 'Lyon.', 'It is Paris.', 'Marseille, I think.', 'Nice.'];

  test('the walk: rate three of five, place three, Esc, Enter submits nothing and names D and E; a reload keeps them unranked; "the rest tie below" stores {C}>{B}>{A}>{D,E}', async ({
    page,
  }) => {
    const { labeler, project } = await setup([{ texts: FIVE }]);
    const assignment = await openTask(page, labeler, project.id);
    const [a, b, c, d, e] = assignment.shownOrder;
    for (const [letter, score] of [
      ['a', 3],
      ['b', 5],
      ['c', 6],
    ] as const) {
      await page.keyboard.press(letter);
      await expect(response(page, letter)).toBeFocused();
      await page.keyboard.press(String(score));
    }
    await page.keyboard.press('r');
    await expect(page.getByText(/^Ranking mode/)).toBeVisible();
    for (const key of ['c', 'b', 'a']) await page.keyboard.press(key);
    await page.keyboard.press('Escape');
    await expect(page.getByText(/^Ranking mode/)).toHaveCount(0);
    // Esc leaves D and E not ranked: never rank positions.
    expect(await boardOrder(page)).toEqual(['Response C', 'Response B', 'Response A']);
    expect(await notRanked(page)).toEqual(['Response D', 'Response E']);
    await page.keyboard.press('Enter');
    const checklist = page.getByRole('group', { name: 'Before submitting' });
    await expect(checklist).toContainText('Not ranked yet: D, E.');
    await expect(checklist).toContainText('No score (1–7) for D, E.');
    // The checklist is what a submit attempt shows instead of sending anything.
    await expect(page.getByRole('button', { name: 'Submit', exact: true })).toBeEnabled();
    expect(await db().judgment.count({ where: { assignmentId: assignment.id } })).toBe(0);

    // The draft holds the exact state, and a reload brings it back: D and E still not ranked.
    await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible();
    await expect
      .poll(async () => (await db().assignment.findUniqueOrThrow({ where: { id: assignment.id }, select: { draft: true } })).draft)
      .toMatchObject({ ranking: [[c], [b], [a]], unranked: [d, e], rankMode: null, restGroupedBelow: false });
    await page.reload();
    await waitForScreen(page);
    expect(await boardOrder(page)).toEqual(['Response C', 'Response B', 'Response A']);
    expect(await notRanked(page)).toEqual(['Response D', 'Response E']);
    await expect(response(page, 'c').getByRole('radio', { name: '6 good' })).toBeChecked();

    // Enter still names D and E; then "the rest tie below" (t) and one Enter submits.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('group', { name: 'Before submitting' })).toContainText('Not ranked yet: D, E.');
    await page.keyboard.press('t');
    await expect(page.getByRole('heading', { name: 'Not ranked yet — these tie below the ranked ones' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'No tasks left in this project right now' })).toBeVisible();
    const stored = await db().judgment.findUniqueOrThrow({
      where: { assignmentId: assignment.id },
      select: { ranking: true, restGroupedBelow: true, warnings: true },
    });
    expect(stored).toEqual({ ranking: [[c], [b], [a], [d, e]], restGroupedBelow: true, warnings: ['missing_likert'] });
  });

  test('a reload in ranking mode comes back in ranking mode with what was placed', async ({ page }) => {
    const { labeler, project } = await setup([{ texts: FIVE }]);
    const assignment = await openTask(page, labeler, project.id);
    await page.keyboard.press('r');
    await page.keyboard.press('d');
    await page.keyboard.press('=');
    await page.keyboard.press('b');
    await expect(page.getByRole('list', { name: 'Place 1, tied' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^Saved \d/ })).toBeVisible();
    await expect
      .poll(async () => (await db().assignment.findUniqueOrThrow({ where: { id: assignment.id }, select: { draft: true } })).draft)
      .toMatchObject({ ranking: [[assignment.shownOrder[3], assignment.shownOrder[1]]], rankMode: { tiePending: false } });
    await page.reload();
    await page.waitForFunction(() => Object.keys(document.querySelector('main') ?? document.body).some((k) => k.startsWith('__react')));
    await expect(page.getByText(/^Ranking mode/)).toContainText('so far D tied with B');
    await page.keyboard.press('a');
    expect(await boardOrder(page)).toEqual(['Response D', 'Response B', 'Response A']);
    expect(await notRanked(page)).toEqual(['Response C', 'Response E']);
  });

  test('no warning before submitting; "all unacceptable" submits with one Enter and stores no warning', async ({ page }) => {
    const { labeler, project } = await setup();
    const assignment = await openTask(page, labeler, project.id);
    await expect(page.getByRole('group', { name: 'Before submitting' })).toHaveCount(0);
    await expect(page.getByText('You have not changed the order')).toHaveCount(0);
    await expect(page.getByText(/exactly the order the responses were shown/)).toHaveCount(0);
    await page.keyboard.press('u');
    await expect(page.getByLabel('All responses are unacceptable')).toBeChecked();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'No tasks left in this project right now' })).toBeVisible();
    const stored = await db().judgment.findUniqueOrThrow({
      where: { assignmentId: assignment.id },
      select: { ranking: true, allUnacceptable: true, restGroupedBelow: true, warnings: true },
    });
    expect(stored).toEqual({ ranking: [], allUnacceptable: true, restGroupedBelow: false, warnings: [] });
  });
});
