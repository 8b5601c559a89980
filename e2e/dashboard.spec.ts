import { randomUUID } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { formatPercent } from '@/components/dashboard/format';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import { getPgPool, withTransaction } from '@/lib/db';
import { simulateLabeling, type SimKind } from '../tests/helpers/simulate-labelers';
import { db, makeProject, makeUser, PASSWORD, signInAndLand } from './fixtures';

// The lead's dashboard (issue 6). Each test generates its own project: six honest simulated
// labelers and one real labeler account who always ranks the first-shown response first (so the
// position-bias alarm fires for them), 120 items judged by three of them over the last 20 days,
// and 20 items nobody has touched (so a labeler who is not paused would be handed a task).

const HONEST = 6;
const KINDS: SimKind[] = [...Array.from({ length: HONEST }, () => 'honest' as const), 'first-shown'];
const JUDGED = 120;
const UNTOUCHED = 20;
const K = 4;

async function generateProject() {
  const lead = await makeUser('LEAD');
  const researcher = await makeUser('RESEARCHER');
  const biased = await makeUser('LABELER');
  const project = await makeProject({ members: [lead.email, researcher.email, biased.email] });
  const pool = getPgPool();
  const { rows: sims } = await pool.query<{ id: string }>(
    `INSERT INTO users (email, name, role, "updatedAt") SELECT 'sim' || g || '-' || $1 || '@e2e.test', 'Simulated ' || g, 'LABELER', now() FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
    [randomUUID(), HONEST],
  );
  await pool.query(`INSERT INTO memberships ("projectId", "userId") SELECT $1, unnest($2::uuid[])`, [project.id, sims.map((u) => u.id)]);
  const users = [...sims.map((u) => u.id), biased.id];

  const { rows: items } = await pool.query<{ id: string }>(
    `INSERT INTO items ("projectId", "externalId", messages)
     SELECT $1, 'dash-' || g, jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Question ' || g || ': which answer is best?'))
     FROM generate_series(1, $2::int) g ORDER BY g RETURNING id`,
    [project.id, JUDGED + UNTOUCHED],
  );
  // Response r of every item comes from model-r and is r + 1 sentences long.
  const { rows: responses } = await pool.query<{ id: string; itemId: string; r: number }>(
    `INSERT INTO responses ("itemId", text, "modelId")
     SELECT i, 'Answer ' || r || '. ' || repeat('More detail. ', r), 'model-' || r FROM unnest($1::uuid[]) i, generate_series(0, $2::int - 1) r
     RETURNING id, "itemId", replace("modelId", 'model-', '')::int AS r`,
    [items.map((i) => i.id), K],
  );
  const responseId = new Map(responses.map((r) => [`${r.itemId}:${r.r}`, r.id]));

  const judgments = simulateLabeling({ seed: 6, items: JUDGED, k: K, perItem: 3, labelers: KINDS });
  const slots = new Map<number, number>();
  const rows = judgments.map((j) => {
    const itemId = items[j.item]!.id;
    const id = (r: number) => responseId.get(`${itemId}:${r}`)!;
    const slot = slots.get(j.item) ?? 0;
    slots.set(j.item, slot + 1);
    const place = new Map(j.ranking.flatMap((group, p) => group.map((r) => [r, p] as const)));
    return {
      assignment: randomUUID(),
      itemId,
      userId: users[j.labeler]!,
      slot,
      daysAgo: j.item % 20,
      shown: JSON.stringify(j.shownOrder.map(id)),
      ranking: JSON.stringify(j.ranking.map((g) => g.map(id))),
      // Likert follows the labeler's own order (7, 5, 3, 1); the response they put last gets a flag.
      ratings: JSON.stringify(
        Array.from({ length: K }, (_, r) => ({
          responseId: id(r),
          likert: 7 - 2 * place.get(r)!,
          flags: place.get(r) === K - 1 ? ['fails_instruction'] : [],
        })),
      ),
    };
  });
  await pool.query(
    `WITH a AS (
       INSERT INTO assignments (id, "projectId", "itemId", "userId", status, "leaseExpiresAt", "shownOrder", slot, "createdAt", "submittedAt")
       SELECT u.a, $1, u.item, u.usr, 'SUBMITTED', now(), ARRAY(SELECT jsonb_array_elements_text(u.shown)), u.slot,
              now() - u.days * interval '1 day', now() - u.days * interval '1 day'
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::jsonb[], $7::int[]) AS u(a, item, usr, slot, shown, days) RETURNING id, "itemId", "userId", "submittedAt"),
     j AS (
       INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "promptFlags", "taxonomyVersion", "durationMs", "createdAt")
       SELECT a.id, a."itemId", a."userId", u.ranking, '{}', 1, 20000 + (random() * 40000)::int, a."submittedAt"
       FROM a JOIN unnest($2::uuid[], $8::jsonb[]) AS u(a, ranking) ON u.a = a.id RETURNING id, "assignmentId")
     INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags)
     SELECT j.id, (r->>'responseId')::uuid, (r->>'likert')::int, ARRAY(SELECT jsonb_array_elements_text(r->'flags'))
     FROM j JOIN unnest($2::uuid[], $9::jsonb[]) AS u(a, ratings) ON u.a = j."assignmentId", jsonb_array_elements(u.ratings) r`,
    [
      project.id,
      rows.map((r) => r.assignment),
      rows.map((r) => r.itemId),
      rows.map((r) => r.userId),
      rows.map((r) => r.slot),
      rows.map((r) => r.shown),
      rows.map((r) => r.daysAgo),
      rows.map((r) => r.ranking),
      rows.map((r) => r.ratings),
    ],
  );
  // Like an import, rows written by SQL leave their items stale; compute them now rather than on the first page view.
  await refreshProjectStats({ projectId: project.id, all: true });
  return { project, lead, researcher, biased };
}

type Generated = Awaited<ReturnType<typeof generateProject>>;

async function openDashboard(browser: Browser, user: { email: string }, home: string, projectId: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAndLand(page, user.email, PASSWORD, home);
  await page.goto(`/projects/${projectId}/dashboard`);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  return page;
}

/** A chart's drawing (its legend icons are SVGs of the same class, outside the wrapper's direct children). */
const chartSvg = (page: Page, chart: string) => page.locator(`[data-chart="${chart}"] .recharts-wrapper > svg.recharts-surface`);
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const labelerRow = (page: Page, email: string) => region(page, 'Labelers').getByRole('row').filter({ hasText: email });

async function membership(g: Generated) {
  return db().membership.findUniqueOrThrow({
    where: { projectId_userId: { projectId: g.project.id, userId: g.biased.id } },
    select: { paused: true, excluded: true },
  });
}

test.describe('dashboard', () => {
  test('the lead sees the charts and the alarm, pauses the labeler, who is then given no task', async ({ page, browser }) => {
    const g = await generateProject();
    await signInAndLand(page, g.lead.email, PASSWORD, '/projects');
    await page.goto(`/projects/${g.project.id}`);
    await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Dashboard' }).click();
    await expect(page).toHaveURL(new RegExp(`/projects/${g.project.id}/dashboard$`));
    for (const name of ['Progress', 'Agreement', 'Labelers', 'Models', 'Disagreement queue']) {
      await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
    }

    // Charts drew (recharts renders its SVG once the browser has measured the container).
    for (const chart of ['labels-per-day', 'agreement-over-time', 'kendall-w', 'model-ratings']) {
      await expect(chartSvg(page, chart)).toBeVisible();
    }
    await expect(page.locator('[data-chart="labels-per-day"] .recharts-bar-rectangle').first()).toBeVisible();

    // Key numbers as text, equal to the data layer's.
    const progress = region(page, 'Progress');
    await expect(progress.locator('[data-stat="itemsComplete"] dd').first()).toHaveText(String(JUDGED));
    await expect(progress.locator('[data-stat="itemsUntouched"] dd').first()).toHaveText(String(UNTOUCHED));
    const summary = await getAgreementSummary({ projectId: g.project.id });
    const agreement = region(page, 'Agreement');
    await expect(agreement.locator('[data-stat="pairwise"] dd').first()).toHaveText(formatPercent(summary.pairwise.estimate));
    await expect(agreement.getByRole('row', { name: /InstructGPT labelers, training/ })).toContainText('72.6% ± 1.5%');
    await expect(agreement.getByRole('row', { name: /InstructGPT labelers, held-out/ })).toContainText('77.3% ± 1.3%');
    await expect(region(page, 'Models').getByRole('table', { name: 'Leaderboard' }).getByRole('row')).toHaveCount(K + 1);
    // The intervals' age (issue 23): computed on this first view, so current.
    for (const section of ['Agreement', 'Models']) {
      await expect(region(page, section).locator('[data-stat="intervals-freshness"]')).toContainText(
        /Intervals as of \d+ s ago, on the current data\./,
      );
    }

    // The alarm, with its p-value in words, on the first-shown clicker's row.
    const row = labelerRow(page, g.biased.email);
    await expect(row).toContainText(/Position bias alarm, p = /);
    await expect(row).toContainText('100.0%');

    // Exclude asks first; cancel changes nothing.
    await row.getByRole('button', { name: `Exclude ${g.biased.name}'s labels` }).click();
    await page
      .getByRole('group', { name: `Confirm excluding ${g.biased.name}` })
      .getByRole('button', { name: 'Cancel' })
      .click();
    expect((await membership(g)).excluded).toBe(false);

    await row.getByRole('button', { name: `Pause ${g.biased.name}` }).click();
    await expect(row.getByRole('button', { name: `Resume ${g.biased.name}` })).toBeVisible();
    await expect(row).toContainText('Paused');
    expect(await membership(g)).toEqual({ paused: true, excluded: false });
    const audit = await db().auditEvent.findMany({
      where: { projectId: g.project.id, action: 'project.member.pause', targetId: g.biased.id },
      select: { actorId: true },
    });
    expect(audit).toEqual([{ actorId: g.lead.id }]);

    // The paused labeler: a clear message and no task, and no assignment was made.
    const labeler = await (await browser.newContext()).newPage();
    await signInAndLand(labeler, g.biased.email, PASSWORD, '/label');
    await labeler.goto(`/label/${g.project.id}`);
    await expect(labeler.getByRole('heading', { name: 'Labeling is paused' })).toBeVisible();
    await expect(labeler.getByText('no new tasks are handed to you')).toBeVisible();
    await expect(labeler.getByRole('list', { name: 'Ranking, best first' })).toHaveCount(0);
    expect(await db().assignment.count({ where: { projectId: g.project.id, userId: g.biased.id, status: 'ACTIVE' } })).toBe(0);

    // Their own agreement and gold accuracy on My work, and nobody else's.
    await labeler.goto('/my-work');
    const mine = labeler.getByRole('row', { name: new RegExp(g.project.name) });
    await expect(mine.getByRole('cell').nth(4)).toHaveText(/^\d+\.\d% of [\d,]+ pairs \(to \d{4}-\d{2}-\d{2}\)$/);
    await expect(mine.getByRole('cell').nth(5)).toHaveText('—');
    await expect(labeler.getByText('Simulated 1')).toHaveCount(0);
  });

  test('the lead excludes a labeler after confirming and includes them again', async ({ browser }) => {
    const g = await generateProject();
    const page = await openDashboard(browser, g.lead, '/projects', g.project.id);
    const before = await getAgreementSummary({ projectId: g.project.id });
    const row = labelerRow(page, g.biased.email);
    await row.getByRole('button', { name: `Exclude ${g.biased.name}'s labels` }).click();
    const confirm = page.getByRole('group', { name: `Confirm excluding ${g.biased.name}` });
    await expect(confirm).toContainText('out of statistics and exports');
    // The project's lock held here keeps the background recompute (the app's worker) waiting, so the banner is surely seen.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = withTransaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(7, hashtext($1))', [g.project.id]);
      locked();
      await held;
    });
    await isLocked;
    await confirm.getByRole('button', { name: 'Exclude labels' }).click();
    await expect(row.getByRole('button', { name: `Include ${g.biased.name}'s labels again` })).toBeVisible();
    await expect(row).toContainText('Excluded');
    expect(await membership(g)).toEqual({ paused: false, excluded: true });
    // The exclusion returned before the recompute: the dashboard says which figures are not current yet.
    const { rows: judged } = await getPgPool().query<{ n: number }>(
      `SELECT count(DISTINCT "itemId")::int AS n FROM judgments WHERE "userId" = $1`,
      [g.biased.id],
    );
    const banner = page.getByRole('status').filter({ hasText: 'Recomputing' });
    await expect(banner).toContainText(`Recomputing: 0 of ${judged[0]!.n} items`);
    await expect(banner).toContainText(`figures still include the labels of ${g.biased.name} (excluded)`);
    await expect(region(page, 'Agreement').locator('[data-stat="pairwise"] dd').first()).toHaveText(
      formatPercent(before.pairwise.estimate),
    );
    release();
    await holder;
    // Once the worker has run, the page updates by itself: no banner, and their judgments no longer count.
    await expect(banner).toBeHidden({ timeout: 30_000 });
    const after = await getAgreementSummary({ projectId: g.project.id });
    expect(after.pairwise.estimate).not.toBe(before.pairwise.estimate);
    await expect(region(page, 'Agreement').locator('[data-stat="pairwise"] dd').first()).toHaveText(formatPercent(after.pairwise.estimate));

    await row.getByRole('button', { name: `Include ${g.biased.name}'s labels again` }).click();
    await expect(row.getByRole('button', { name: `Exclude ${g.biased.name}'s labels` })).toBeVisible();
    expect(await membership(g)).toEqual({ paused: false, excluded: false });
    const actions = await db().auditEvent.findMany({
      where: { projectId: g.project.id, targetId: g.biased.id, action: { in: ['project.member.exclude', 'project.member.include'] } },
      orderBy: { createdAt: 'asc' },
      select: { action: true },
    });
    expect(actions.map((a) => a.action)).toEqual(['project.member.exclude', 'project.member.include']);
  });

  test('a researcher sees the dashboard without pause or exclude buttons; a labeler gets 403', async ({ browser }) => {
    const g = await generateProject();
    const page = await openDashboard(browser, g.researcher, '/projects', g.project.id);
    const row = labelerRow(page, g.biased.email);
    await expect(row).toContainText(/Position bias alarm/);
    const labelers = region(page, 'Labelers');
    await expect(labelers.getByRole('columnheader', { name: 'Actions' })).toHaveCount(0);
    await expect(labelers.getByRole('button')).toHaveCount(0);
    await expect(chartSvg(page, 'model-ratings')).toBeVisible();

    // The researcher can read an item's judgments but not adjudicate.
    await region(page, 'Disagreement queue')
      .getByRole('link', { name: /^Question \d+: which answer is best\?$/ })
      .first()
      .click();
    await expect(page.getByRole('heading', { name: 'Judgments side by side' })).toBeVisible();
    await expect(page.getByRole('button', { name: /adjudication/i })).toHaveCount(0);
    // Flags read as the taxonomy's labels, not their stored keys.
    await expect(page.getByRole('table').getByText('Fails to follow the instruction').first()).toBeVisible();
    await expect(page.getByRole('table').getByText('fails_instruction')).toHaveCount(0);

    const labeler = await (await browser.newContext()).newPage();
    await signInAndLand(labeler, g.biased.email, PASSWORD, '/label');
    for (const path of [`/projects/${g.project.id}/dashboard`, `/projects/${g.project.id}/dashboard/items/${randomUUID()}`]) {
      const response = await labeler.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(labeler.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    }
  });

  test('the lead adjudicates an item from the disagreement queue with a tie, and it is stored', async ({ browser }) => {
    const g = await generateProject();
    const page = await openDashboard(browser, g.lead, '/projects', g.project.id);
    const queue = region(page, 'Disagreement queue');
    // Each item is named by its prompt (issue 18), its external id small beside it.
    const first = queue.getByTestId('item-name').first();
    await expect(first).toHaveText(/^Question \d+: which answer is best\?$/);
    const externalId = /dash-\d+/u.exec(await queue.getByRole('rowheader').first().innerText())![0];
    await first.click();
    await expect(page.getByRole('heading', { level: 1, name: `Item ${externalId}` })).toBeVisible();
    const item = await db().item.findFirstOrThrow({ where: { projectId: g.project.id, externalId }, select: { id: true } });
    // Three judgments side by side under pseudonyms, with model ids.
    const table = page.getByRole('table', { name: /Place each labeler gave each response/ });
    await expect(table.getByRole('columnheader', { name: /^Labeler [123]/ })).toHaveCount(3);
    await expect(table).toContainText('model-0');
    await expect(page.getByText('Not adjudicated yet.')).toBeVisible();

    // Responses 1..4 in the page's order: 2 best, 1 and 4 tie, 3 last.
    for (const [n, rank] of [
      [1, '2'],
      [2, '1'],
      [3, '3'],
      [4, '2'],
    ] as const)
      await page.getByLabel(`Rank of response ${n}`).fill(rank);
    await page.getByLabel('Note (optional)').fill('Response 2 answers the question; 3 is off topic.');
    await page.getByRole('button', { name: 'Save adjudication' }).click();
    await expect(page.getByText('Saved: reference ranking recorded.')).toBeVisible();
    await expect(page.getByTestId('current-adjudication')).toContainText('2 > 1 = 4 > 3');

    // The same order of responses the page uses (stored order).
    const responses = await db().response.findMany({
      where: { itemId: item.id },
      orderBy: [{ createdAt: 'asc' }, { externalId: 'asc' }, { id: 'asc' }],
      select: { id: true },
    });
    const [r1, r2, r3, r4] = responses.map((r) => r.id);
    const stored = await db().adjudication.findUniqueOrThrow({
      where: { itemId: item.id },
      select: { ranking: true, invalid: true, note: true, decidedById: true, projectId: true },
    });
    expect(stored.invalid).toBe(false);
    expect(stored.decidedById).toBe(g.lead.id);
    expect(stored.projectId).toBe(g.project.id);
    expect(stored.note).toBe('Response 2 answers the question; 3 is off topic.');
    const ranking = stored.ranking as string[][];
    expect(ranking.map((group) => [...group].sort())).toEqual([[r2], [r1, r4].sort(), [r3]]);

    // Then marked invalid instead: the verdict is replaced, and the item leaves the open queue.
    await page.getByLabel(/^Item invalid/).check();
    await page.getByRole('button', { name: 'Replace adjudication' }).click();
    await expect(page.getByText('Saved: item marked invalid.')).toBeVisible();
    expect(await db().adjudication.findUniqueOrThrow({ where: { itemId: item.id }, select: { ranking: true, invalid: true } })).toEqual({
      ranking: null,
      invalid: true,
    });
    await page.getByRole('link', { name: '← Disagreement queue' }).click();
    await expect(region(page, 'Disagreement queue').getByRole('table')).toBeVisible();
    await expect(region(page, 'Disagreement queue').getByText(externalId, { exact: true })).toHaveCount(0);
  });
});
