import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { getPgPool } from '@/lib/db';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';

// What the lead sees must be true (issues 18 and 17): a small project written straight to the
// database. Three labelers rank the Kenya item (one leaves a flaw note on the wrong answer); one
// also ranks a gold item; a third item is routed to a language nobody speaks, so its labels
// cannot be given. Three labels are far too few for a model leaderboard.

const PROMPT = 'Which city is the capital of Kenya? Answer in one sentence, please, and name the city clearly.';
const WRONG = 'The capital of Kenya is Mombasa, on the coast.';
const RIGHT = 'The capital of Kenya is Nairobi.';
const NOTE = 'Mombasa is a port city, not the capital';

async function generateProject() {
  const lead = await makeUser('LEAD');
  const labelers = [await makeUser('LABELER'), await makeUser('LABELER'), await makeUser('LABELER')];
  const project = await makeProject({ members: [lead.email, ...labelers.map((l) => l.email)] });
  const pool = getPgPool();
  const { rows: items } = await pool.query<{ id: string }>(
    `INSERT INTO items ("projectId", "externalId", messages, "isGold", "goldRanking", "requiredLanguage", "createdAt")
     VALUES ($1, 'kenya', jsonb_build_array(jsonb_build_object('role', 'user', 'content', $2::text)), false, NULL, NULL, now()),
            ($1, 'gold-1', '[{"role":"user","content":"Name a prime number."}]', false, NULL, NULL, now() + interval '1 ms'),
            ($1, 'klingon', '[{"role":"user","content":"Translate: hello."}]', false, NULL, 'klingon', now() + interval '2 ms')
     RETURNING id`,
    [project.id, PROMPT],
  );
  const [kenya, gold, routed] = items.map((i) => i.id) as [string, string, string];
  const { rows: responses } = await pool.query<{ id: string; itemId: string; modelId: string }>(
    `INSERT INTO responses ("itemId", text, "modelId")
     VALUES ($1, $4, 'model-x'), ($1, $5, 'model-y'), ($2, '7', 'model-x'), ($2, '8', 'model-y'), ($3, 'Qapla', 'model-x'), ($3, 'nuqneH', 'model-y')
     RETURNING id, "itemId", "modelId"`,
    [kenya, gold, routed, WRONG, RIGHT],
  );
  const response = (itemId: string, modelId: string) => responses.find((r) => r.itemId === itemId && r.modelId === modelId)!.id;
  const wrong = response(kenya, 'model-x');
  const right = response(kenya, 'model-y');
  await pool.query(`UPDATE items SET "isGold" = true, "goldRanking" = $2 WHERE id = $1`, [
    gold,
    JSON.stringify([[response(gold, 'model-x')], [response(gold, 'model-y')]]),
  ]);
  const start = WRONG.indexOf('Mombasa');
  const judge = async (
    userId: string,
    itemId: string,
    slot: number,
    ranking: string[][],
    ratings: { responseId: string; likert: number; flaws?: unknown[] }[],
  ) => {
    const assignment = randomUUID();
    await pool.query(
      `INSERT INTO assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "submittedAt")
       VALUES ($1, $2, $3, $4, 'SUBMITTED', now(), $5, $6, now())`,
      [assignment, project.id, itemId, userId, ranking.flat(), slot],
    );
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs") VALUES ($1, $2, $3, $4, '{}', 1, 30000) RETURNING id`,
      [assignment, itemId, userId, JSON.stringify(ranking)],
    );
    for (const r of ratings) {
      await pool.query(`INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags, flaws) VALUES ($1, $2, $3, '{}', $4)`, [
        rows[0]!.id,
        r.responseId,
        r.likert,
        JSON.stringify(r.flaws ?? []),
      ]);
    }
  };
  const [l1, l2, l3] = labelers as [(typeof labelers)[0], (typeof labelers)[0], (typeof labelers)[0]];
  await judge(
    l1.id,
    kenya,
    0,
    [[right], [wrong]],
    [
      { responseId: right, likert: 7 },
      { responseId: wrong, likert: 2, flaws: [{ start, end: start + 'Mombasa'.length, category: 'accuracy', severity: 3, comment: NOTE }] },
    ],
  );
  await judge(
    l2.id,
    kenya,
    1,
    [[wrong], [right]],
    [
      { responseId: right, likert: 3 },
      { responseId: wrong, likert: 6 },
    ],
  );
  await judge(
    l3.id,
    kenya,
    2,
    [[right], [wrong]],
    [
      { responseId: right, likert: 6 },
      { responseId: wrong, likert: 3 },
    ],
  );
  await judge(
    l1.id,
    gold,
    0,
    [[response(gold, 'model-x')], [response(gold, 'model-y')]],
    [
      { responseId: response(gold, 'model-x'), likert: 6 },
      { responseId: response(gold, 'model-y'), likert: 4 },
    ],
  );
  await refreshProjectStats({ projectId: project.id, all: true });
  return { project, lead, labelers, kenya };
}

test.describe('truthful screens', () => {
  test("a lead's / redirects on the server", async ({ page }) => {
    const lead = await makeUser('LEAD');
    // Signing in lands on the role's home without ever rendering "/" in the page.
    const seen: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) seen.push(new URL(frame.url()).pathname);
    });
    await signInAndLand(page, lead.email, PASSWORD, '/projects');
    expect(seen).not.toContain('/');
    await expect(page.getByRole('link', { name: 'Preference Lab' })).toHaveAttribute('href', '/projects');
    const response = await page.request.get('/', { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(new URL(response.headers()['location'] ?? '', 'http://x').pathname).toBe('/projects');
  });

  test('the dashboard: too few comparisons, gold share, labels that cannot be given, items named by prompt', async ({ page }) => {
    const g = await generateProject();
    await signInAndLand(page, g.lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${g.project.id}/dashboard`);
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

    // Models: four games are no leaderboard; every matrix cell says how many games it rests on.
    const models = page.getByRole('region', { name: 'Models', exact: true });
    await expect(models.getByTestId('models-too-few')).toContainText('Too few comparisons for a leaderboard yet');
    await expect(models.getByRole('table', { name: 'Leaderboard' })).toHaveCount(0);
    const cells = models.getByTestId('win-cell');
    await expect(cells).toHaveCount(2);
    for (const cell of await cells.all()) await expect(cell).toContainText(/too few\s*4 games/);

    // Gold share per labeler beside the target rate.
    const labelers = page.getByRole('region', { name: 'Labelers', exact: true });
    await expect(labelers.getByRole('columnheader', { name: /Gold share/ })).toContainText('target 10.0%');
    await expect(labelers.getByRole('row').filter({ hasText: g.labelers[0]!.email }).getByTestId('gold-share')).toContainText(
      '50.0%1 of 2 rankings',
    );
    await expect(labelers.getByRole('row').filter({ hasText: g.labelers[1]!.email }).getByTestId('gold-share')).toContainText(
      '0.0%0 of 1 rankings',
    );

    // Progress: the routed item's three labels cannot be given and are not in the estimate.
    const progress = page.getByRole('region', { name: 'Progress', exact: true });
    await expect(progress.getByTestId('progress-stuck')).toContainText('on 1 item that no qualified labeler can still give');
    await expect(progress).toContainText('labels that can still be given');

    // The disagreement queue names the item by its prompt, truncated.
    const queue = page.getByRole('region', { name: 'Disagreement queue', exact: true });
    await expect(queue.getByTestId('item-name').first()).toHaveText(
      /^Which city is the capital of Kenya\? Answer in one sentence, please, and name the city cle…$/,
    );
  });

  test('flaw notes beside places, Likert and flags on the adjudication view and the item page', async ({ page }) => {
    const g = await generateProject();
    await signInAndLand(page, g.lead.email, PASSWORD, '/projects');
    for (const path of [`/projects/${g.project.id}/dashboard/items/${g.kenya}`, `/projects/${g.project.id}/items/${g.kenya}`]) {
      await page.goto(path);
      const notes = page.getByTestId('flaw-note');
      await expect(notes).toHaveCount(1);
      await expect(notes).toContainText('Mombasa');
      await expect(notes).toContainText('accuracy · severity 3 · major');
      await expect(notes).toContainText(NOTE);
      await expect(page.getByRole('table').filter({ has: notes })).toContainText('Likert 2');
    }
    // The item page: the source rule's mean Likert over the three counted labels.
    await expect(page.getByText('mean Likert 5.3')).toBeVisible();
  });

  test('task settings: one form, one Save, gold rate and member kinds saved together', async ({ page }) => {
    const g = await generateProject();
    await signInAndLand(page, g.lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${g.project.id}/settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'Task settings' })).toBeVisible();
    // One Save for the task settings (the assistance, aspects, steps and chat cards name their own).
    await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(1);
    await expect(page.getByLabel('Gold rate (%)')).toHaveValue('10');
    await page.getByLabel('Gold rate (%)').fill('25');
    const l1 = g.labelers[0]!;
    await page.getByRole('checkbox', { name: `Rank for ${l1.name}` }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    const stored = await db().project.findUniqueOrThrow({ where: { id: g.project.id }, select: { settings: true } });
    expect((stored.settings as { goldRate?: number }).goldRate).toBe(0.25);
    const member = await db().membership.findUniqueOrThrow({
      where: { projectId_userId: { projectId: g.project.id, userId: l1.id } },
      select: { allowedKinds: true },
    });
    expect(member.allowedKinds).toEqual(['RANK']);
    await page.reload();
    await expect(page.getByLabel('Gold rate (%)')).toHaveValue('25');
    await expect(page.getByRole('checkbox', { name: `Rank for ${l1.name}` })).toBeChecked();
  });
});
