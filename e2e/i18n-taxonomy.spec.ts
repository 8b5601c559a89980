import { expect, test } from '@playwright/test';
import { buildItem } from '@/lib/builders';
import { db, makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

// Issue 31, item 5: a lead writes flag labels per locale; a labeler working in Spanish sees them, the
// English text with a note where none was written, and their judgment records the locale "es".

test('a Spanish labeler sees the Spanish flag labels the lead wrote, the English fallback note where one is missing, and the judgment stores es', async ({
  browser,
}) => {
  const lead = await makeUser('LEAD');
  const labeler = await makeUser('LABELER');
  const project = await makeProject({ members: [lead.email, labeler.email] });
  await buildItem({
    projectId: project.id,
    externalId: unique('item'),
    prompt: '¿Cuál es la capital de Francia?',
    responses: [{ text: 'París.' }, { text: 'Lyon, creo.' }],
  });
  await db().user.update({ where: { id: labeler.id }, data: { locale: 'es' } });

  // The lead writes the Spanish label of one response flag, beside its English text.
  const leadContext = await browser.newContext();
  const leadPage = await leadContext.newPage();
  await signInAndLand(leadPage, lead.email, PASSWORD, '/projects');
  await leadPage.goto(`/projects/${project.id}/taxonomy`);
  await leadPage.getByRole('link', { name: 'Translations: flags, skip reasons and guidelines per language' }).click();
  await leadPage.getByRole('link', { name: 'Español' }).click();
  await expect(leadPage.getByRole('link', { name: 'Español' })).toHaveAttribute('aria-current', 'page');
  await leadPage.getByLabel('Hallucination / makes up facts: label in Español').fill('Alucinación / inventa hechos');
  await leadPage.getByLabel('Hallucination / makes up facts: description in Español').fill('Afirma cosas falsas');
  await leadPage.getByRole('button', { name: 'Save Español texts' }).click();
  await expect(leadPage.getByRole('status')).toHaveText('Saved the Español texts.');
  await leadContext.close();

  // The labeler's screens are in Spanish (their profile locale).
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAndLand(page, labeler.email, PASSWORD, '/label');
  await page.goto(`/label/${project.id}`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const a = page.getByRole('article', { name: 'Respuesta A' });
  await a.getByRole('button', { name: 'Añadir marca para A' }).click();
  // The flag the lead translated, in Spanish and with no note; one they did not, in English with the note.
  const translated = a.getByRole('checkbox', { name: 'Alucinación / inventa hechos', exact: true });
  await expect(translated).toBeVisible();
  await expect(
    a.getByRole('checkbox', { name: 'Harmful advice (Se muestra en inglés: aún no hay traducción)', exact: true }),
  ).toBeVisible();
  await expect(a.getByText('Harmful advice', { exact: true })).toHaveAttribute('lang', 'en');
  await translated.check();

  // The guidelines have no Spanish version: the English ones, with the note.
  await page.getByRole('button', { name: 'Directrices', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Directrices' });
  await expect(dialog.getByText('(Se muestra en inglés: aún no hay traducción)')).toBeVisible();
  await expect(dialog.getByText('Be careful.')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Colocar A a continuación' }).click();
  await page.getByRole('button', { name: 'Colocar B a continuación' }).click();
  await page
    .getByRole('button', { name: /^Enviar/ })
    .first()
    .click();
  const done = page.getByRole('heading', { name: 'Ahora mismo no quedan tareas en este proyecto' });
  const anyway = page.getByRole('button', { name: 'Enviar de todos modos' });
  await expect(done.or(anyway)).toBeVisible();
  if (await anyway.isVisible()) await anyway.click();
  await expect(done).toBeVisible();

  // Stored: the flag's key (not its Spanish label) and the locale the labeler worked in.
  const judgment = await db().judgment.findFirstOrThrow({
    where: { userId: labeler.id, item: { projectId: project.id } },
    select: { locale: true, ratings: { select: { flags: true } } },
  });
  expect(judgment.locale).toBe('es');
  expect(judgment.ratings.flatMap((r) => r.flags)).toEqual(['hallucination']);
  await context.close();
});
