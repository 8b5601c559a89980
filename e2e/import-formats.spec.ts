import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { makeProject, makeUser, PASSWORD, signInAndLand, unique } from './fixtures';

// Issue 19: public datasets import as they are; an empty reply is shown as such; a refused file says which formats were tried.

function writeJsonLines(name: string, rows: unknown[]): string {
  const file = test.info().outputPath(name);
  fs.writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return file;
}

async function upload(page: Page, file: string) {
  await page.getByLabel('Data file').setInputFiles(file);
  await page.getByRole('button', { name: 'Upload' }).click();
}

test.describe('import formats', () => {
  test('an hh-rlhf row with an empty reply imports; the labeler sees a placeholder, the lead the item page marks it', async ({
    page,
    browser,
  }) => {
    const lead = await makeUser('LEAD');
    const labeler = await makeUser('LABELER');
    const project = await makeProject({ members: [lead.email, labeler.email] });
    const question = `${unique('q')}: can you recommend a good book about the history of mathematics?`;
    const file = writeJsonLines('hh.jsonl', [
      {
        chosen: `\n\nHuman: ${question}\n\nAssistant: Try "Journey through Genius" by William Dunham.`,
        rejected: `\n\nHuman: ${question}\n\nAssistant:`,
      },
    ]);
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${project.id}/import`);
    await upload(page, file);
    const summary = page.getByRole('region', { name: 'Import finished' });
    await expect(summary).toContainText('1 row read (hh-rlhf)');
    await expect(summary).toContainText('2 responses created');

    await summary.getByRole('link', { name: 'Browse the items' }).click();
    await page.getByRole('link', { name: /^hh-/ }).click();
    await expect(page.getByText('(empty response)')).toBeVisible();

    const labelerPage = await (await browser.newContext()).newPage();
    await signInAndLand(labelerPage, labeler.email, PASSWORD, '/label');
    await labelerPage.goto(`/label/${project.id}`);
    await expect(labelerPage.getByText(question)).toBeVisible();
    const cards = labelerPage.getByRole('article', { name: /^Response [AB]$/ });
    await expect(cards).toHaveCount(2);
    await expect(cards.getByText('(empty response: the model replied nothing)')).toHaveCount(1);
    await expect(cards.getByText('Journey through Genius')).toHaveCount(1);
    // The ranking board names it too, rather than showing a blank line.
    await expect(labelerPage.getByRole('listitem', { name: /^Response [AB]$/ }).getByText('(empty response)', { exact: true })).toHaveCount(
      1,
    );
  });

  test('a file no format fits is refused with the formats tried and why', async ({ page }) => {
    const lead = await makeUser('LEAD');
    const project = await makeProject({ members: [lead.email] });
    const file = writeJsonLines('unknown.jsonl', [{ question: 'Q', answer: 'A' }]);
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${project.id}/import`);
    await upload(page, file);
    const refused = page.getByRole('region', { name: /The file was refused/ });
    await expect(refused).toContainText('Unknown format: no format fits the first row (keys: "question", "answer")');
    await expect(refused).toContainText('hh-rlhf (needs "chosen", "rejected"; missing "chosen", "rejected")');
  });
});
