/**
 * Step gold (issue 27) against a real PostgreSQL: a lead marks a steps item's correct step labels
 * through the item page's action (a labeler cannot, another project's lead cannot), audited and
 * editable; two labelers label the item differently and the labelers table shows their scores as
 * computed by hand; neither the labeler's steps task view nor the labeler API carries the gold.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { mintSessionCookie } from '@/lib/builders/mint-session-cookie';
import { getPgPool } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getMyQuality, MY_QUALITY_MIN_NEW_TASKS } from '@/lib/dashboard/get-my-quality';
import { setStepGold } from '@/lib/steps/set-step-gold';
import { claimStepsTask, getStepsTask, submitSteps } from '@/lib/tasks/kinds/steps';

const session: { current: { user: { id: string; sv: number } } | null } = { current: null };
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () => session.current,
}));
vi.mock('next/server', () => ({ after: () => undefined, connection: async () => undefined }));
vi.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'app.test' }),
  cookies: async () => ({ get: () => undefined }),
}));
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';

const items = await import('@/app/(app)/projects/[projectId]/items/actions');
const nextTask = await import('@/app/api/v1/projects/[projectId]/tasks/next/route');
const { LabelerTable } = await import('@/components/dashboard/labeler-table');

const MARKER = 'GOLD-FLAW-MARKER';
const TEXT = 'Multiply: 3 × 4 = 12.\n\nAdd: 2 + 12 = 15.\n\nSo 15.\n\nThe answer is 15.';
const STEPS = ['Multiply: 3 × 4 = 12.', 'Add: 2 + 12 = 15.', 'So 15.', 'The answer is 15.'];

let projectId = '';
let otherProjectId = '';
let itemId = '';
let lead = '';
let otherLead = '';
let labelers: string[] = [];

beforeAll(async () => {
  const project = await buildProject({
    name: 'Step gold',
    overlap: 2,
    settings: { goldRate: 0, taskMix: { rank: 0, steps: 1 }, steps: { split: 'blank_lines', untilFirstError: true } },
  });
  const other = await buildProject({ name: 'Other', overlap: 2 });
  projectId = project.id;
  otherProjectId = other.id;
  const [l, ol] = await insertUsers({ count: 2, role: 'LEAD', name: (n) => `Lead ${n}` });
  lead = l!.id;
  otherLead = ol!.id;
  labelers = (await insertUsers({ count: 2, name: (n) => `Labeler ${n}` })).map((u) => u.id);
  await insertMemberships({ projectId, userIds: [lead, ...labelers] });
  await insertMemberships({ projectId: otherProjectId, userIds: [otherLead] });
  const [item] = await insertItems({ projectId, count: 1, prompt: 'What is 2 + 3 × 4?', responses: [{ text: TEXT, modelId: 'm' }] });
  itemId = item!.id;
});

function form(fields: Record<string, string | string[]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  return f;
}

/** The action's outcome as the signed-in user: its form state, or the Next signal it threw (403/404). */
async function as(userId: string, call: () => Promise<unknown>): Promise<unknown> {
  session.current = { user: { id: userId, sv: 0 } };
  try {
    return await call();
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? '');
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;')) return Number(digest.split(';')[1]);
    throw error;
  } finally {
    session.current = null;
  }
}

// Gold: +1, 0, then the error at step 3 (step 4 not asked: until the first error), answer incorrect.
const goldForm = (p: string, ratings = ['1', '0', '-1', '']) =>
  form({ projectId: p, itemId, rating: ratings, flaw: ['', '', MARKER, ''], finalAnswer: 'INCORRECT' });

const storedGold = async () =>
  (await getPgPool().query(`SELECT labels, "finalAnswer", steps FROM step_gold WHERE "itemId" = $1`, [itemId])).rows;

describe('step gold', () => {
  it('only the project lead marks it; audited; editable', async () => {
    expect(await as(labelers[0]!, () => items.setStepGoldAction({ ok: false }, goldForm(projectId)))).toBe(403);
    expect(await as(otherLead, () => items.setStepGoldAction({ ok: false }, goldForm(projectId)))).toBe(404);
    // Another project's lead naming their own project: the item is not in it.
    expect(await as(otherLead, () => items.setStepGoldAction({ ok: false }, goldForm(otherProjectId)))).toMatchObject({
      ok: false,
      message: 'No such item in this project',
    });
    expect(await storedGold()).toEqual([]);
    // An unrated step is refused, naming it; nothing stored.
    expect(await as(lead, () => items.setStepGoldAction({ ok: false }, goldForm(projectId, ['1', '', '-1', ''])))).toMatchObject({
      ok: false,
      errors: { 'ratings[1]': ['Rate every step before submitting: step 2 is not rated yet'] },
    });
    expect(await storedGold()).toEqual([]);

    // First a wrong gold, then corrected: editable, each change audited with the previous labels.
    expect(await as(lead, () => items.setStepGoldAction({ ok: false }, goldForm(projectId, ['1', '1', '-1', ''])))).toMatchObject({
      ok: true,
    });
    expect(await as(lead, () => items.setStepGoldAction({ ok: false }, goldForm(projectId)))).toMatchObject({
      ok: true,
      message: 'Step gold saved: 3 steps rated.',
    });
    expect(await storedGold()).toEqual([
      { labels: [{ rating: 1 }, { rating: 0 }, { rating: -1, flaw: MARKER }], finalAnswer: 'INCORRECT', steps: STEPS },
    ]);
    const { rows: audit } = await getPgPool().query<{ actorId: string; data: { previous: { labels: unknown } | null } }>(
      `SELECT "actorId", data FROM audit_events WHERE action = 'item.step_gold.set' AND "targetId" = $1 ORDER BY "createdAt", id`,
      [itemId],
    );
    expect(audit.map((a) => a.actorId)).toEqual([lead, lead]);
    expect(audit[0]!.data.previous).toBeNull();
    expect(audit[1]!.data.previous?.labels).toEqual([{ rating: 1 }, { rating: 1 }, { rating: -1, flaw: MARKER }]);
  });

  it('is served like any steps item, without the gold, and scored per labeler in the labelers table', async () => {
    // Labeler 1 as gold: 3 of 3 steps, first error at gold's, verdict as gold's.
    // Labeler 2: step 1 as gold, −1 at step 2 (gold 0), step 3 not asked: 1 of 3; first error at 2 not 3; verdict wrong.
    const answers = [
      { ratings: [1, 0, -1, null] as (-1 | 0 | 1 | null)[], finalAnswer: 'INCORRECT' as const },
      { ratings: [1, -1, null, null] as (-1 | 0 | 1 | null)[], finalAnswer: 'CORRECT' as const },
    ];
    for (const [i, userId] of labelers.entries()) {
      const task = await claimStepsTask({ projectId, userId });
      expect(task?.itemId).toBe(itemId);
      const view = await getStepsTask({ assignmentId: task!.assignmentId, userId, projectId });
      expect(view?.steps).toEqual(STEPS);
      expect(view?.draft).toBeNull();
      expect(JSON.stringify(view)).not.toMatch(new RegExp(`${MARKER}|gold|INCORRECT`, 'i'));
      const { ratings, finalAnswer } = answers[i]!;
      await submitSteps({ userId, projectId, input: { assignmentId: task!.assignmentId, ratings, flaws: [], finalAnswer, activeMs: 10 } });
    }

    const rows = await findLabelerQuality({ projectId });
    const byUser = new Map(rows.map((r) => [r.userId, r.stepGold]));
    const first = byUser.get(labelers[0]!);
    const second = byUser.get(labelers[1]!);
    expect(first).toMatchObject({ items: 1, steps: { hits: 3, compared: 3, rate: 1 }, firstError: { hits: 1, compared: 1 } });
    expect(first?.finalAnswer).toMatchObject({ hits: 1, compared: 1 });
    expect(second).toMatchObject({ items: 1, steps: { hits: 1, compared: 3 }, firstError: { hits: 0, compared: 1 } });
    expect(second?.steps.rate).toBeCloseTo(1 / 3, 12);
    // Wilson 95% for 3 of 3: (1 + z²/6)⁻¹·(1 + z²/6 − z·√(z²/36)) = 3 / (3 + z²) = 0.43850; for 1 of 3: 0.06149 to 0.79234.
    expect(first?.steps.low).toBeCloseTo(0.438503, 5);
    expect(second?.steps.low).toBeCloseTo(0.061492, 5);
    expect(second?.steps.high).toBeCloseTo(0.79234, 5);
    expect(byUser.get(lead) ?? null).toBeNull();

    // The table as the dashboard renders it.
    const html = renderToStaticMarkup(createElement(LabelerTable, { projectId, rows, actions: null }));
    expect(html).toContain('Step gold');
    expect(html).toContain('100.0%</span><span class="block text-xs whitespace-nowrap text-slate-500">3 of 3 steps');
    expect(html).toContain('33.3%</span><span class="block text-xs whitespace-nowrap text-slate-500">1 of 3 steps');
    expect(html).toContain('first error 0 of 1');
  });

  it('the labeler API never carries step gold', async () => {
    // A ranking project whose item has step gold: the API hands the item out as a ranking, without the gold.
    const project = await buildProject({ name: 'API', overlap: 1, settings: { goldRate: 0 } });
    const [apiLead] = await insertUsers({ count: 1, role: 'LEAD' });
    const [labeler] = await insertUsers({ count: 1 });
    await insertMemberships({ projectId: project.id, userIds: [apiLead!.id, labeler!.id] });
    const [item] = await insertItems({ projectId: project.id, count: 1, responses: ['First.\n\nSecond.', 'Other.'] });
    const marked = await as(apiLead!.id, () =>
      items.setStepGoldAction(
        { ok: false },
        form({ projectId: project.id, itemId: item!.id, rating: ['-1', '1'], flaw: [MARKER, ''], finalAnswer: 'INCORRECT' }),
      ),
    );
    expect(marked).toMatchObject({ ok: true });
    const cookie = await mintSessionCookie({ user: labeler!, secret: getEnv().NEXTAUTH_SECRET });
    const response = await nextTask.POST(
      new Request(`http://app.test/api/v1/projects/${project.id}/tasks/next`, {
        method: 'POST',
        headers: { cookie, host: 'app.test', origin: 'http://app.test', 'content-type': 'application/json' },
      }),
      { params: Promise.resolve({ projectId: project.id }) },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text).task.responses).toHaveLength(2);
    expect(text).not.toMatch(new RegExp(`${MARKER}|gold|INCORRECT`, 'i'));
  });

  it('clearing removes it, audited; only the lead', async () => {
    expect(await as(labelers[0]!, () => items.clearStepGoldAction({ ok: false }, form({ projectId, itemId })))).toBe(403);
    expect(await storedGold()).toHaveLength(1);
    expect(await as(lead, () => items.clearStepGoldAction({ ok: false }, form({ projectId, itemId })))).toMatchObject({
      ok: true,
      message: 'Step gold removed.',
    });
    expect(await storedGold()).toEqual([]);
    const { rows } = await getPgPool().query(`SELECT 1 FROM audit_events WHERE action = 'item.step_gold.clear' AND "targetId" = $1`, [
      itemId,
    ]);
    expect(rows).toHaveLength(1);
    expect((await findLabelerQuality({ projectId })).every((r) => r.stepGold === null)).toBe(true);
  });

  it("the labeler's own quality shows step gold from the next day, over at least MY_QUALITY_MIN_NEW_TASKS gold items", async () => {
    const project = await buildProject({
      name: 'Own',
      overlap: 1,
      settings: { goldRate: 0, taskMix: { rank: 0, steps: 1 }, steps: { split: 'blank_lines', untilFirstError: false } },
    });
    const [owner] = await insertUsers({ count: 1, role: 'LEAD' });
    const [me] = await insertUsers({ count: 1 });
    await insertMemberships({ projectId: project.id, userIds: [owner!.id, me!.id] });
    const n = MY_QUALITY_MIN_NEW_TASKS;
    const made = await insertItems({ projectId: project.id, count: n, responses: ['One.\n\nTwo.'] });
    // Gold +1, +1 on every item; I rate +1, 0 on each: 1 of 2 steps per item.
    for (const it of made) {
      await setStepGold({
        actorId: owner!.id,
        input: { projectId: project.id, itemId: it.id, ratings: [1, 1], flaws: [], finalAnswer: 'CORRECT' },
      });
      const task = await claimStepsTask({ projectId: project.id, userId: me!.id });
      await submitSteps({
        userId: me!.id,
        projectId: project.id,
        input: { assignmentId: task!.assignmentId, ratings: [1, 0], flaws: [], finalAnswer: 'CORRECT', activeMs: 5 },
      });
    }
    // Today: nothing before the day began.
    expect((await getMyQuality({ userId: me!.id, projectId: project.id })).stepGold).toBeNull();
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const shown = await getMyQuality({ userId: me!.id, projectId: project.id, now: tomorrow });
    expect(shown.stepGold).toMatchObject({ hits: n, compared: 2 * n, rate: 0.5, items: n });
    // One gold item fewer: below the batch, not shown.
    await getPgPool().query(`DELETE FROM step_gold WHERE "itemId" = $1`, [made[0]!.id]);
    expect((await getMyQuality({ userId: me!.id, projectId: project.id, now: tomorrow })).stepGold).toBeNull();
  });
});
