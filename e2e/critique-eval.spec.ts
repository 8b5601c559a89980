import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, recordSameOriginBodies, signInAndLand } from './fixtures';

// Critique-assisted evaluation end to end (issue 8): labeler1 plants a flaw through the perturb
// screen; it is accepted and its critiques arrive through the database (as a lead's review and a
// critique import would make them: both have their own tests). Labeler2 then does a block of four
// detect trials in the browser (blocked balance: each cell once, so both arms and both variants
// occur), answers the follow-up after the assisted find, and the researcher and the lead see the
// trials counted on the analysis page. Labeler2's browser never receives what it may not see.

const MARK = `zx${Math.random().toString(36).slice(2, 8)}`;
const original = (k: number) =>
  `Source ${k} ${MARK}-orig${k}: water boils at a lower temperature at altitude, because the air pressure is lower.`;
const flawed = (k: number) =>
  `Source ${k} ${MARK}-flaw${k}: water boils at a higher temperature at altitude, because the air pressure is lower.`;
const spanOf = (text: string) => ({ start: text.indexOf('higher'), end: text.indexOf('higher') + 'higher'.length });

async function axeSerious(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('a planted flaw, then assisted and unassisted detect trials in the browser, counted on the analysis page', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const labeler1 = await makeUser('LABELER');
  const labeler2 = await makeUser('LABELER');
  const lead = await makeUser('LEAD');
  const researcher = await makeUser('RESEARCHER');
  const project = await makeProject({ members: [labeler1.email, labeler2.email, lead.email, researcher.email] });
  await db().project.update({
    where: { id: project.id },
    data: {
      settings: {
        goldRate: 0,
        taskMix: { rank: 0, demonstrate: 0, perturb: 1, detect: 0 },
        perturb: { overlap: 1, sourceMinLikert: null },
        detect: { trialsPerSource: 4, minSpanOverlap: 0.3 },
      },
    },
  });
  // Four sources: source 0 gets its flaw through the perturb screen, sources 1–3 are accepted perturbations already.
  const sources = [];
  for (let k = 0; k < 4; k++) {
    const item = await buildItem({
      projectId: project.id,
      externalId: `boil-${k}`,
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, k)),
      prompt: `Question ${k}: how does altitude change the boiling point?`,
      responses: [{ externalId: 'good', text: original(k), modelId: `${MARK}-model`, perturbSource: k === 0 }],
    });
    const responseId = item.responses[0]!.id;
    await db().critique.create({
      data: { responseId, text: `Critique of the original ${k}: accurate.`, textHash: `o${k}`, modelId: `${MARK}-critic` },
    });
    if (k > 0) {
      const span = spanOf(flawed(k));
      const p = await db().perturbation.create({
        data: {
          projectId: project.id,
          itemId: item.id,
          responseId,
          authorId: labeler1.id,
          flawedText: flawed(k),
          description: `${MARK}-description`,
          category: 'ACCURACY',
          severity: 3,
          missableBecause: `${MARK}-missable`,
          flawedStart: span.start,
          flawedEnd: span.end,
          originalStart: span.start,
          originalEnd: span.start + 5,
          status: 'ACCEPTED',
        },
      });
      await db().critique.create({
        data: {
          responseId,
          perturbationId: p.id,
          text: `Critique of variant ${k}: "higher" is wrong.`,
          textHash: `f${k}`,
          modelId: `${MARK}-critic`,
        },
      });
    }
    sources.push({ itemId: item.id, responseId });
  }

  // labeler1 plants the flaw in source 0 on the perturb screen.
  const first = await browser.newContext();
  const writer = await first.newPage();
  await signInAndLand(writer, labeler1.email, PASSWORD, '/label');
  await writer.goto(`/label/${project.id}`);
  const editor = writer.getByLabel('Flawed version (edit this copy of the response)');
  await expect(editor).toHaveValue(original(0));
  await writer.waitForFunction(() => Object.keys(document.querySelector('main') ?? document.body).some((k) => k.startsWith('__react')));
  await editor.fill(flawed(0));
  await writer.getByLabel('What the flaw is').fill(`${MARK}-description: boiling point falls with altitude.`);
  await writer.getByLabel('Category').selectOption('accuracy');
  await writer.getByRole('radio', { name: '3 · major' }).check();
  await writer.getByLabel('Why a careful reader could miss it').fill(`${MARK}-missable: one word.`);
  await writer.getByRole('button', { name: 'Submit perturbation' }).click();
  await expect(writer.getByText('No tasks left in this project right now')).toBeVisible();
  await first.close();
  const written = await db().perturbation.findFirstOrThrow({
    where: { itemId: sources[0]!.itemId },
    select: { id: true, flawedText: true, flawedStart: true, flawedEnd: true },
  });
  expect(written.flawedText).toBe(flawed(0));
  // Accepted, with a critique of the flawed text (the lead's review and a critique import, through the database).
  await db().perturbation.update({
    where: { id: written.id },
    data: { status: 'ACCEPTED', reviewedById: lead.id, reviewedAt: new Date() },
  });
  await db().critique.create({
    data: {
      responseId: sources[0]!.responseId,
      perturbationId: written.id,
      text: 'Critique of variant 0: "higher" is wrong.',
      textHash: 'f0',
      modelId: `${MARK}-critic`,
    },
  });
  await db().project.update({
    where: { id: project.id },
    data: {
      settings: {
        goldRate: 0,
        taskMix: { rank: 0, demonstrate: 0, perturb: 0, detect: 1 },
        perturb: { overlap: 1, sourceMinLikert: null },
        detect: { trialsPerSource: 4, minSpanOverlap: 0.3 },
      },
    },
  });

  // labeler2 evaluates; every same-origin answer is kept for the leak check.
  const context = await browser.newContext();
  const bodies = await recordSameOriginBodies(context, test.info().project.use.baseURL ?? '');
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });
  const evaluator = await context.newPage();
  await signInAndLand(evaluator, labeler2.email, PASSWORD, '/label');
  await evaluator.goto(`/label/${project.id}`);
  const seenCells: string[] = [];
  let shownYesFirst: boolean | null = null;
  for (let n = 0; n < 4; n++) {
    // The next trial is claimed when the page reloads after a submit.
    const live = () =>
      db().detectTrial.findFirst({
        where: { userId: labeler2.id, submittedAt: null, assignment: { status: 'ACTIVE' } },
        select: { variant: true, arm: true, itemId: true, perturbation: { select: { flawedStart: true, flawedEnd: true } } },
      });
    await expect.poll(async () => (await live()) !== null).toBe(true);
    const trial = (await live())!;
    const k = sources.findIndex((s) => s.itemId === trial.itemId);
    const text = trial.variant === 'FLAWED' ? flawed(k) : original(k);
    await expect(evaluator.getByRole('article', { name: 'Response' })).toContainText(
      `${MARK}-${trial.variant === 'FLAWED' ? 'flaw' : 'orig'}${k}`,
    );
    await evaluator.waitForFunction(() =>
      Object.keys(document.querySelector('main') ?? document.body).some((key) => key.startsWith('__react')),
    );
    seenCells.push(`${trial.variant}/${trial.arm}`);

    if (n === 0) {
      // Nothing answered: the screen names what is missing.
      await evaluator.getByRole('button', { name: 'Submit evaluation' }).click();
      await expect(evaluator.getByText('Rate the overall quality.')).toBeVisible();
    }
    await evaluator.getByRole('radio', { name: trial.variant === 'FLAWED' ? '2 bad' : '6 good', exact: true }).check();
    if (trial.arm === 'ASSISTED') {
      await expect(evaluator.getByRole('heading', { name: /Model critiques of this response/ })).toBeVisible();
      await evaluator.getByRole('radio', { name: 'Helpful (critique 1)', exact: true }).check();
    } else {
      await expect(evaluator.getByRole('heading', { name: /Model critiques/ })).toHaveCount(0);
    }
    if (trial.variant === 'FLAWED') {
      await evaluator.getByRole('radio', { name: 'Yes', exact: true }).check();
      const area = evaluator.getByLabel('Select the flawed part of the response');
      await expect(area).toHaveValue(text);
      // The planted span as stored (source 0's came from the perturb screen's diff). Unassisted, the
      // evaluator marks a few words just after it instead: near but not on it, so a lead decides.
      const planted = { start: trial.perturbation.flawedStart, end: trial.perturbation.flawedEnd };
      const span = trial.arm === 'ASSISTED' ? planted : { start: planted.end + 1, end: planted.end + 12 };
      await area.evaluate((el, s) => (el as HTMLTextAreaElement).setSelectionRange(s.start, s.end), span);
      await evaluator.getByRole('button', { name: 'Use the selected text' }).click();
      await expect(evaluator.getByText('Marked:')).toContainText(text.slice(span.start, span.end).trim());
      await evaluator.getByLabel('Describe the flaw').fill('Boiling point goes down with altitude, not up.');
      await evaluator.getByLabel('Severity').selectOption('3');
    } else {
      await evaluator.getByRole('radio', { name: 'No', exact: true }).check();
    }
    await expect(evaluator.getByText('Draft saved')).toBeVisible();
    if (n === 0) {
      expect(await axeSerious(evaluator)).toEqual([]);
      expect(
        await evaluator.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? ['no collector']),
      ).toEqual([]);
    }
    await evaluator.getByRole('button', { name: 'Submit evaluation' }).click();
    if (trial.arm === 'ASSISTED' && trial.variant === 'FLAWED') {
      await expect(evaluator.getByRole('heading', { name: 'Would you have noticed this without the critiques?' })).toBeVisible();
      // Two equal buttons (same style, neither focused) in the order the server drew for this trial (issue 18).
      const answers = evaluator.getByTestId('noticed-answers');
      shownYesFirst = (await answers.getAttribute('data-yes-first')) === 'true';
      const yes = 'Yes, I would have noticed it';
      const no = 'No, not without the critiques';
      await expect(answers.getByRole('button')).toHaveText(shownYesFirst ? [yes, no] : [no, yes]);
      expect(await answers.getByRole('button').nth(0).getAttribute('class')).toBe(
        await answers.getByRole('button').nth(1).getAttribute('class'),
      );
      expect(await answers.evaluate((el) => el.contains(document.activeElement))).toBe(false);
      await evaluator.getByRole('button', { name: no }).click();
    }
    await expect.poll(() => db().detectTrial.count({ where: { userId: labeler2.id, submittedAt: { not: null } } })).toBe(n + 1);
  }
  await expect(evaluator.getByText('No tasks left in this project right now')).toBeVisible();
  // One block of four: each cell once.
  expect(seenCells.sort()).toEqual(['FLAWED/ASSISTED', 'FLAWED/UNASSISTED', 'ORIGINAL/ASSISTED', 'ORIGINAL/UNASSISTED']);
  const stored = await db().detectTrial.findMany({
    where: { userId: labeler2.id },
    select: { variant: true, arm: true, foundIntended: true, wouldHaveNoticed: true, critiqueMarks: true, noticedYesFirst: true },
  });
  // The order shown is the order stored; a trial that did not ask has none.
  expect(stored.find((t) => t.variant === 'FLAWED' && t.arm === 'ASSISTED')?.noticedYesFirst).toBe(shownYesFirst);
  expect(stored.filter((t) => t.arm === 'UNASSISTED').map((t) => t.noticedYesFirst)).toEqual([null, null]);
  expect(stored.find((t) => t.variant === 'FLAWED' && t.arm === 'ASSISTED')?.foundIntended).toBe(true);
  expect(stored.find((t) => t.variant === 'FLAWED' && t.arm === 'UNASSISTED')?.foundIntended).toBeNull();
  expect(stored.find((t) => t.variant === 'FLAWED' && t.arm === 'ASSISTED')?.wouldHaveNoticed).toBe(false);

  // The leak check: per source, only the text shown; never a model, author, planted flaw or variant name.
  expect(bodies.length).toBeGreaterThan(8);
  const all = bodies.map((b) => b.body).join('\n');
  expect(all).toContain(`${MARK}-`);
  expect(all).not.toContain(`${MARK}-model`);
  expect(all).not.toContain(`${MARK}-critic`);
  expect(all).not.toContain(`${MARK}-description`);
  expect(all).not.toContain(`${MARK}-missable`);
  expect(all).not.toMatch(/"variant"|"FLAWED"|flawedStart|perturbationId/);
  for (let k = 0; k < 4; k++) expect([all.includes(`${MARK}-orig${k}`), all.includes(`${MARK}-flaw${k}`)].filter(Boolean)).toHaveLength(1);
  await context.close();

  // The researcher sees the trials counted; the lead sees the (empty) review queue too.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await signInAndLand(reader, researcher.email, PASSWORD, '/projects');
  await reader.goto(`/projects/${project.id}`);
  await reader.getByRole('link', { name: 'Critique experiment' }).click();
  await expect(reader.getByRole('heading', { level: 1, name: 'Critique experiment' })).toBeVisible();
  await expect(reader.locator('[data-stat="trials"] dd').first()).toHaveText('4');
  await expect(reader.locator('[data-stat="labelers"] dd').first()).toHaveText('1');
  const found = reader.getByRole('row', { name: /^Intended flaw found/ });
  // The unassisted find waits for the lead: outside the denominator, counted apart.
  await expect(found.getByRole('cell').nth(0)).toHaveText('— (n = 0)');
  await expect(found.getByRole('cell').nth(1)).toContainText('1 of 1');
  await expect(
    reader
      .getByRole('row', { name: /^Waiting for review/ })
      .getByRole('cell')
      .nth(0),
  ).toHaveText('1');
  await expect(reader.locator('[data-stat="pending"] dd').first()).toHaveText('1');
  await expect(
    reader
      .getByRole('row', { name: /^False alarm on originals/ })
      .getByRole('cell')
      .nth(0),
  ).toContainText('0 of 1');
  await expect(reader.getByTestId('would-have-noticed')).toContainText('0 of 1');
  // Split by the order the answers were shown in.
  await expect(reader.getByTestId(shownYesFirst ? 'would-have-noticed-yes-first' : 'would-have-noticed-no-first')).toContainText('0 of 1');
  await expect(reader.getByTestId(shownYesFirst ? 'would-have-noticed-no-first' : 'would-have-noticed-yes-first')).toContainText('(n = 0)');
  await expect(reader.getByRole('heading', { name: /Review queue/ })).toHaveCount(0);
  expect(await axeSerious(reader)).toEqual([]);
  await readerContext.close();

  // The lead compares the planted and the highlighted span and confirms; the find then counts.
  await signInAndLand(page, lead.email, PASSWORD, '/projects');
  await page.goto(`/projects/${project.id}/critique-eval`);
  await expect(page.getByRole('heading', { name: 'Review queue (1)' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Planted flaw' }).locator('mark')).toHaveCount(1);
  await expect(page.getByRole('region', { name: "Evaluator's flaw" })).toContainText('Boiling point goes down with altitude, not up.');
  await page.waitForFunction(() => Object.keys(document.querySelector('main') ?? document.body).some((k) => k.startsWith('__react')));
  await page.getByRole('button', { name: 'Confirm: the planted flaw was found' }).click();
  // The page is revalidated: the trial leaves the queue and counts.
  await expect(page.getByRole('heading', { name: 'Review queue (0)' })).toBeVisible();
  await expect(
    page
      .getByRole('row', { name: /^Intended flaw found/ })
      .getByRole('cell')
      .nth(0),
  ).toContainText('1 of 1');
  expect(await db().auditEvent.count({ where: { projectId: project.id, action: 'detect.trial.confirm' } })).toBe(1);
});
