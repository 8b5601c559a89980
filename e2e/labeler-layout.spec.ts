import { expect, test, type Page } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

// Issue 17 item 7: the labeler's screens fit the screen. On 1440×900 a four-response item with
// short answers is at most two screens tall and the ranking stays in view while rating; on a
// phone (390×844) and a tablet no labeler screen scrolls sideways, the sticky toolbar stays small
// and sign-out stays reachable.

const SHORT = [
  'Paris is the capital of France.',
  'The capital is Lyon, a large city.',
  'France has Paris as its capital city.',
  'I think it is Marseille.',
];

async function rankProject(labelerEmail: string) {
  const project = await makeProject({ members: [labelerEmail] });
  await buildItem({
    projectId: project.id,
    externalId: unique('item'),
    prompt: 'What is the capital of France? Answer in one sentence.',
    responses: SHORT.map((text, i) => ({ externalId: `r${i + 1}`, text })),
  });
  return project;
}

type Mix = { rank: number; demonstrate: number; perturb: number; detect: number };
const settings = (taskMix: Mix) => ({
  goldRate: 0,
  taskMix,
  perturb: { overlap: 1, sourceMinLikert: null },
  detect: { trialsPerSource: 4, minSpanOverlap: 0.3 },
});

/** One project per task kind, each with one task for the labeler. */
async function worldOfScreens() {
  const labeler = await makeUser('LABELER');
  const author = await makeUser('LABELER');
  const rank = await rankProject(labeler.email);

  const demonstrate = await makeProject({
    members: [labeler.email],
    settings: settings({ rank: 0, demonstrate: 1, perturb: 0, detect: 0 }),
  });
  await buildItem({
    projectId: demonstrate.id,
    externalId: unique('d'),
    prompt: 'Write a haiku about rain.',
    responses: [{ text: 'Rain falls.' }, { text: 'Drops.' }],
  });

  const perturb = await makeProject({ members: [labeler.email], settings: settings({ rank: 0, demonstrate: 0, perturb: 1, detect: 0 }) });
  await buildItem({
    projectId: perturb.id,
    externalId: unique('p'),
    prompt: 'Who first made aspirin?',
    responses: [{ text: 'Felix Hoffmann at Bayer, in 1897.', perturbSource: true }, { text: 'A chemist.' }],
  });

  const detect = await makeProject({
    members: [labeler.email, author.email],
    settings: settings({ rank: 0, demonstrate: 0, perturb: 0, detect: 1 }),
  });
  const original = 'Water boils at a lower temperature at high altitude because the air pressure is lower.';
  const flawed = 'Water boils at a higher temperature at high altitude because the air pressure is lower.';
  const item = await buildItem({
    projectId: detect.id,
    externalId: unique('t'),
    prompt: 'How does altitude change the boiling point?',
    responses: [{ text: original }],
  });
  const responseId = item.responses[0]?.id ?? '';
  await db().critique.create({ data: { responseId, text: 'Accurate.', textHash: unique('o') } });
  const p = await db().perturbation.create({
    data: {
      projectId: detect.id,
      itemId: item.id,
      responseId,
      authorId: author.id,
      flawedText: flawed,
      description: 'higher instead of lower',
      category: 'ACCURACY',
      severity: 3,
      missableBecause: 'one word',
      flawedStart: 26,
      flawedEnd: 32,
      originalStart: 26,
      originalEnd: 31,
      status: 'ACCEPTED',
    },
  });
  await db().critique.create({ data: { responseId, perturbationId: p.id, text: '"higher" is wrong.', textHash: unique('f') } });
  return { labeler, rank, demonstrate, perturb, detect };
}

const hydrated = (page: Page) =>
  page.waitForFunction(() => Object.keys(document.querySelector('main') ?? document.body).some((k) => k.startsWith('__react')));
const widths = (page: Page) => page.evaluate(() => ({ document: document.documentElement.scrollWidth, viewport: window.innerWidth }));
/** The innermost elements that reach past the right edge, to name in a failure. */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter(
        (el) =>
          el.getBoundingClientRect().right > window.innerWidth + 0.5 &&
          ![...el.children].some((c) => c.getBoundingClientRect().right > window.innerWidth + 0.5),
      )
      .slice(0, 4)
      .map((el) => `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">${(el.textContent ?? '').slice(0, 40)}`),
  );

test('1440×900: a four-response item with short answers is at most two screens tall, and the ranking stays in view while rating', async ({
  page,
}) => {
  const labeler = await makeUser('LABELER');
  const project = await rankProject(labeler.email);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  await expect(page.getByText('Keyboard shortcuts on')).toBeVisible();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  test.info().annotations.push({ type: 'measured', description: `page height ${height}px at 1440×900` });
  expect(height).toBeLessThanOrEqual(2 * 900);
  // Rating the last response: the ranking panel is on screen beside it.
  await page.keyboard.press('d');
  await page.keyboard.press('4');
  await page.getByRole('article', { name: 'Response D' }).scrollIntoViewIfNeeded();
  await expect(page.getByRole('heading', { name: 'Ranking', exact: true })).toBeInViewport();
  await expect(page.getByRole('list', { name: 'Not ranked yet' })).toBeInViewport();
  const panel = await page.locator('#ranking-panel').boundingBox();
  const card = await page.getByRole('article', { name: 'Response D' }).boundingBox();
  expect(panel && card && panel.x >= card.x + card.width).toBe(true);
  // The flags take one line until opened; `f` opens them for the focused response.
  await expect(page.getByRole('article', { name: 'Response D' }).getByRole('checkbox')).toHaveCount(0);
  await page.keyboard.press('f');
  await expect(page.getByRole('article', { name: 'Response D' }).getByLabel('Fails to follow the instruction')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('article', { name: 'Response D' }).getByRole('list', { name: 'Flags set on D' })).toContainText(
    'Fails to follow the instruction',
  );
  await expect(page.getByRole('article', { name: 'Response D' })).toBeFocused();
});

test('phone (390×844) and tablet: no labeler screen is wider than the viewport; the toolbar stays small; sign-out is reachable', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const w = await worldOfScreens();
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAndLand(page, w.labeler.email, PASSWORD, '/label');
  const screens: { name: string; path: string; ready: (page: Page) => Promise<void> }[] = [
    {
      name: 'label home',
      path: '/label',
      ready: async (p) => void (await expect(p.getByRole('heading', { level: 1, name: 'Your projects' })).toBeVisible()),
    },
    {
      name: 'rank',
      path: `/label/${w.rank.id}`,
      ready: async (p) => void (await expect(p.getByRole('article', { name: 'Response D' })).toBeVisible()),
    },
    {
      name: 'demonstrate',
      path: `/label/${w.demonstrate.id}`,
      ready: async (p) => void (await expect(p.getByRole('heading', { name: 'Your ideal assistant response' })).toBeVisible()),
    },
    {
      name: 'perturb',
      path: `/label/${w.perturb.id}`,
      ready: async (p) => void (await expect(p.getByRole('heading', { name: 'Plant one subtle but important flaw' })).toBeVisible()),
    },
    {
      name: 'detect',
      path: `/label/${w.detect.id}`,
      ready: async (p) => void (await expect(p.getByRole('article', { name: 'Response' })).toBeVisible()),
    },
    {
      name: 'my work',
      path: '/my-work',
      ready: async (p) => void (await expect(p.getByRole('heading', { level: 1, name: 'My work' })).toBeVisible()),
    },
    {
      name: 'labeler profile',
      path: '/profile',
      ready: async (p) => void (await expect(p.getByRole('heading', { level: 1, name: 'Labeler profile' })).toBeVisible()),
    },
  ];
  const tooWide: string[] = [];
  for (const size of [
    { width: 390, height: 844 },
    { width: 820, height: 1180 },
  ]) {
    await page.setViewportSize(size);
    for (const screen of screens) {
      await page.goto(screen.path);
      await screen.ready(page);
      await hydrated(page);
      const { document: doc, viewport } = await widths(page);
      if (doc > viewport) tooWide.push(`${screen.name} at ${size.width}px: ${doc}px wide: ${(await overflowing(page)).join(' | ')}`);
      await expect(page.getByRole('button', { name: 'Sign out' }), `${screen.name} at ${size.width}px`).toBeInViewport();
    }
  }
  expect(tooWide).toEqual([]);

  // The ranking screen on the phone: a small sticky toolbar, and a ranking list that reflows as responses are placed.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/label/${w.rank.id}`);
  // Hidden on a phone (no keyboard), but there once the screen is hydrated.
  await expect(page.getByText('Keyboard shortcuts on')).toBeAttached();
  const toolbar = await page.getByRole('region', { name: 'Task tools' }).boundingBox();
  test.info().annotations.push({ type: 'measured', description: `toolbar ${toolbar?.height}px at 390×844` });
  expect(toolbar?.height ?? Infinity).toBeLessThanOrEqual(0.15 * 844);
  for (const letter of 'CADB') await page.getByRole('button', { name: `Place ${letter} next` }).click();
  await page.getByRole('button', { name: 'Tie B with the one above' }).click();
  await expect(page.getByRole('list', { name: 'Place 3, tied' })).toBeVisible();
  expect((await widths(page)).document).toBeLessThanOrEqual(390);
  // Scrolled down to rate, the toolbar is still on screen and the ranking summary is pinned at the bottom.
  await page.getByRole('article', { name: 'Response D' }).scrollIntoViewIfNeeded();
  await expect(page.getByRole('region', { name: 'Task tools' })).toBeInViewport();
  await expect(page.getByRole('link', { name: /^Ranking so far: C › A › D=B\. Go to the ranking$/ })).toBeInViewport();
});
