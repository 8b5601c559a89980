/**
 * The labeler's work on a ranking task around the engine: the task view (no model identity),
 * drafts saved and restored, skips, submit validation against the taxonomy version and the
 * response texts, warnings and flaw notes stored, expired work coming back, the progress bar.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertUsers } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { claimNextTask, saveDraft, submitRanking, type SubmitRankingInput } from '@/lib/tasks/kinds/rank';
import { ZRankingDraft, ZSubmitRanking } from '@/lib/judgments/schemas';
import { findLabelProgress } from '@/lib/tasks/find-label-progress';
import { getRankingTask } from '@/lib/tasks/get-ranking-task';
import { skipTask } from '@/lib/tasks/skip';
import { updateTaxonomy } from '@/lib/taxonomy/update-taxonomy';
import { DEFAULT_TAXONOMY } from '@/lib/taxonomy/defaults';
import { refusal } from '../helpers/refusal';

async function setup(options: { items?: number; overlap?: number; labelers?: number } = {}) {
  const project = await buildProject({ name: 'Work', overlap: options.overlap ?? 2 });
  const users = await insertUsers({ count: options.labelers ?? 2, name: (n) => `W${n}` });
  const texts = ['alpha text', 'beta text', 'gamma 😀 text'];
  const items = await insertItems({
    projectId: project.id,
    count: options.items ?? 1,
    prompt: 'Question?',
    responses: texts.map((t) => ({ text: t, modelId: `secret-model-${t}`, externalId: `ext-${t}` })),
  });
  return { projectId: project.id, labelers: users.map((u) => u.id), items: items.map((i) => i.id) };
}

async function claim(projectId: string, userId: string) {
  const task = await claimNextTask({ projectId, userId });
  if (!task) throw new Error('no task');
  return task;
}

function input(task: { assignmentId: string; shownOrder: string[] }, extra: Partial<SubmitRankingInput> = {}): SubmitRankingInput {
  return {
    assignmentId: task.assignmentId,
    ranking: task.shownOrder.map((id) => [id]),
    allUnacceptable: false,
    ratings: [],
    promptFlags: [],
    durationMs: 1234,
    ...extra,
  };
}

describe('the ranking task view', () => {
  it('holds the responses in the stored order, labelled A, B, C, and nothing that names a model', async () => {
    const { projectId, labelers } = await setup();
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    const view = await getRankingTask({ assignmentId: task.assignmentId, userId, projectId });
    expect(view?.responses.map((r) => r.id)).toEqual(task.shownOrder);
    expect(view?.responses.map((r) => r.label)).toEqual(['A', 'B', 'C']);
    expect(view?.taxonomy.version).toBe(1);
    expect(view?.taxonomy.responseFlags.map((f) => f.key)).toEqual(DEFAULT_TAXONOMY.responseFlags.map((f) => f.key));
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/secret-model|ext-/);
    // Another labeler, or the same labeler through another project, sees nothing.
    expect(await getRankingTask({ assignmentId: task.assignmentId, userId: labelers[1] ?? '', projectId })).toBeNull();
    expect(await getRankingTask({ assignmentId: task.assignmentId, userId, projectId: randomUUID() })).toBeNull();
  });
});

describe('drafts', () => {
  it('are saved and restored, last write wins, and refused once submitted', async () => {
    const { projectId, labelers } = await setup();
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    const [a, b, c] = task.shownOrder as [string, string, string];
    const first = ZRankingDraft.parse({
      ratings: [{ responseId: a, likert: 5 }],
      ranking: [[b], [a], [c]],
      rankingTouched: true,
      activeMs: 5000,
    });
    await saveDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft: first } });
    const second = { ...first, ratings: [{ responseId: a, likert: 6, flags: ['hallucination'], flaws: [] }], activeMs: 9000 };
    await saveDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft: second } });
    const view = await getRankingTask({ assignmentId: task.assignmentId, userId, projectId });
    expect(view?.draft).toEqual(second);
    expect(view?.draftSavedAt).not.toBeNull();

    // The exact screen state: placed groups, unranked responses, ranking mode, "the rest tie below".
    const partial = ZRankingDraft.parse({
      ranking: [[c], [a]],
      unranked: [b],
      rankMode: { tiePending: true },
      restGroupedBelow: true,
      activeMs: 9500,
    });
    await saveDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft: partial } });
    expect((await getRankingTask({ assignmentId: task.assignmentId, userId, projectId }))?.draft).toEqual(partial);
    const foreignUnranked = { ...partial, unranked: [randomUUID()] };
    expect((await refusal(saveDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft: foreignUnranked } }))).code).toBe(
      'INVALID_INPUT',
    );

    const foreign = { ...first, ranking: [[randomUUID()]] };
    expect((await refusal(saveDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft: foreign } }))).code).toBe(
      'INVALID_INPUT',
    );
    expect(
      (await refusal(saveDraft({ userId: labelers[1] ?? '', projectId, input: { assignmentId: task.assignmentId, draft: first } }))).code,
    ).toBe('NOT_FOUND');

    await submitRanking({ userId, projectId, input: input(task) });
    expect((await refusal(saveDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft: first } }))).code).toBe(
      'CONFLICT',
    );
  });

  it('an expired assignment with a draft comes back to its labeler while the item has room', async () => {
    const { projectId, labelers } = await setup({ items: 3, overlap: 2 });
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    const draft = ZRankingDraft.parse({ ratings: [{ responseId: task.shownOrder[0], likert: 4 }] });
    await saveDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft } });
    await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [task.assignmentId]);
    const again = await claim(projectId, userId);
    expect(again.assignmentId).toBe(task.assignmentId);
    expect(again.shownOrder).toEqual(task.shownOrder);
    expect((await getRankingTask({ assignmentId: again.assignmentId, userId, projectId }))?.draft).toEqual(draft);
  });

  it('an expired draft on an item that filled up meanwhile does not block new work', async () => {
    const { projectId, labelers } = await setup({ items: 2, overlap: 1, labelers: 2 });
    const [mine, other] = labelers as [string, string];
    const task = await claim(projectId, mine);
    await saveDraft({ userId: mine, projectId, input: { assignmentId: task.assignmentId, draft: ZRankingDraft.parse({}) } });
    await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [task.assignmentId]);
    // Items of equal age come in any order: a higher priority makes the freed item the other labeler's next.
    await getPgPool().query(`UPDATE items SET priority = 10 WHERE id = $1`, [task.itemId]);
    // The other labeler takes and finishes the freed slot.
    const theirs = await claim(projectId, other);
    expect(theirs.itemId).toBe(task.itemId);
    await submitRanking({ userId: other, projectId, input: input(theirs) });
    const next = await claim(projectId, mine);
    expect(next.itemId).not.toBe(task.itemId);
    // The late submit is refused with a clear message; the draft is still there to copy.
    const late = await refusal(submitRanking({ userId: mine, projectId, input: input(task) }));
    expect(late.code).toBe('CONFLICT');
    expect(late.message).toMatch(/ran out/);
    const stored = await getDb().assignment.findUnique({ where: { id: task.assignmentId }, select: { draft: true } });
    expect(stored?.draft).not.toBeNull();
  });
});

describe('skipping', () => {
  it('frees the slot, records the reason, and never hands the item back', async () => {
    const { projectId, labelers, items } = await setup({ items: 1, overlap: 1 });
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    await skipTask({ userId, projectId, input: { assignmentId: task.assignmentId, reason: 'not_my_expertise', note: '' } });
    await skipTask({ userId, projectId, input: { assignmentId: task.assignmentId, reason: 'not_my_expertise', note: '' } });
    const stored = await getDb().assignment.findUnique({ where: { id: task.assignmentId } });
    expect(stored).toMatchObject({ status: 'SKIPPED', slot: null, skipReason: 'not_my_expertise' });
    expect(await claimNextTask({ projectId, userId })).toBeNull();
    const other = await claim(projectId, labelers[1] ?? '');
    expect(other.itemId).toBe(items[0]);
    expect((await refusal(submitRanking({ userId, projectId, input: input(task) }))).message).toMatch(/skipped/);
    expect(
      (
        await refusal(
          skipTask({ userId: labelers[1] ?? '', projectId, input: { assignmentId: task.assignmentId, reason: 'other', note: 'x' } }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('cannot skip a submitted task', async () => {
    const { projectId, labelers } = await setup();
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    await submitRanking({ userId, projectId, input: input(task) });
    expect(
      (await refusal(skipTask({ userId, projectId, input: { assignmentId: task.assignmentId, reason: 'broken', note: '' } }))).code,
    ).toBe('CONFLICT');
    expect((await getDb().assignment.findUnique({ where: { id: task.assignmentId } }))?.status).toBe('SUBMITTED');
  });
});

describe('submit validation and what is stored', () => {
  it('stores ratings, flags, flaw notes, prompt flags, duration and warnings', async () => {
    const { projectId, labelers } = await setup();
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    const [a, b, c] = task.shownOrder as [string, string, string];
    const flaw = { start: 0, end: 5, category: 'accuracy' as const, severity: 3, comment: 'wrong' };
    const result = await submitRanking({
      userId,
      projectId,
      input: input(task, {
        ranking: [[a], [b, c]],
        ratings: [
          { responseId: a, likert: 2, flags: ['hallucination'], flaws: [flaw] },
          { responseId: b, likert: 6, flags: [], flaws: [] },
        ],
        promptFlags: ['ambiguous'],
      }),
    });
    const judgment = await getDb().judgment.findUnique({ where: { id: result.judgmentId }, include: { ratings: true } });
    expect(judgment).toMatchObject({
      ranking: [[a], [b, c]],
      promptFlags: ['ambiguous'],
      durationMs: 1234,
      taxonomyVersion: 1,
      warnings: ['missing_likert', 'likert_contradiction'],
    });
    const ratingA = judgment?.ratings.find((r) => r.responseId === a);
    expect(ratingA).toMatchObject({ likert: 2, flags: ['hallucination'], flaws: [flaw] });
    expect(judgment?.ratings).toHaveLength(2);
  });

  it('records the "left in the shown order" warning', async () => {
    const { projectId, labelers } = await setup();
    const task = await claim(projectId, labelers[0] ?? '');
    const { judgmentId } = await submitRanking({ userId: labelers[0] ?? '', projectId, input: input(task) });
    expect((await getDb().judgment.findUnique({ where: { id: judgmentId } }))?.warnings).toEqual(['missing_likert', 'shown_order']);
  });

  it('stores exactly the warnings the screen showed and the labeler confirmed (of those that apply)', async () => {
    const { projectId, labelers } = await setup({ items: 3, overlap: 1 });
    const userId = labelers[0] ?? '';
    const ratings = (shown: string[]) => shown.map((responseId) => ({ responseId, likert: 4, flags: [], flaws: [] }));
    const first = await claim(projectId, userId);
    const none = await submitRanking({
      userId,
      projectId,
      input: input(first, { ratings: ratings(first.shownOrder), confirmedWarnings: [] }),
    });
    expect((await getDb().judgment.findUnique({ where: { id: none.judgmentId } }))?.warnings).toEqual([]);
    const second = await claim(projectId, userId);
    // "missing_likert" was not shown (every response is scored): it is not stored.
    const shown = await submitRanking({
      userId,
      projectId,
      input: input(second, { ratings: ratings(second.shownOrder), confirmedWarnings: ['shown_order', 'missing_likert'] }),
    });
    expect((await getDb().judgment.findUnique({ where: { id: shown.judgmentId } }))?.warnings).toEqual(['shown_order']);
    const third = await claim(projectId, userId);
    const unacceptable = await submitRanking({
      userId,
      projectId,
      input: input(third, { ranking: [], allUnacceptable: true, confirmedWarnings: [] }),
    });
    expect((await getDb().judgment.findUnique({ where: { id: unacceptable.judgmentId } }))?.warnings).toEqual([]);
  });

  it('stores "the rest tie below" with the ranking, and refuses it without a ranking', async () => {
    const { projectId, labelers } = await setup();
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    const [a, b, c] = task.shownOrder as [string, string, string];
    const { judgmentId } = await submitRanking({
      userId,
      projectId,
      input: input(task, { ranking: [[c], [a, b]], restGroupedBelow: true }),
    });
    expect(await getDb().judgment.findUnique({ where: { id: judgmentId }, select: { ranking: true, restGroupedBelow: true } })).toEqual({
      ranking: [[c], [a, b]],
      restGroupedBelow: true,
    });
    const parsed = ZSubmitRanking.safeParse({
      assignmentId: task.assignmentId,
      ranking: [],
      allUnacceptable: true,
      restGroupedBelow: true,
      durationMs: 1,
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['restGroupedBelow']);
    // A partial ranking is never completed on the server.
    const other = await claim(projectId, labelers[1] ?? '');
    const partial = await refusal(
      submitRanking({
        userId: labelers[1] ?? '',
        projectId,
        input: input(other, { ranking: [[other.shownOrder[0] ?? '']], restGroupedBelow: true }),
      }),
    );
    expect(partial.message).toBe('Every response must be ranked; missing 2');
  });

  it('refuses flags outside the assignment taxonomy version, naming the response by its letter', async () => {
    const { projectId, labelers } = await setup();
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    const [, b] = task.shownOrder as [string, string, string];
    // A new version made after the claim does not change what this assignment accepts.
    await updateTaxonomy({
      actorId: userId,
      projectId,
      baseVersion: 1,
      flags: { responseFlags: [{ key: 'too_long', label: 'Too long', description: '' }], promptFlags: [] },
    });
    const bad = await refusal(
      submitRanking({ userId, projectId, input: input(task, { ratings: [{ responseId: b, likert: 3, flags: ['too_long'], flaws: [] }] }) }),
    );
    expect(bad.message).toBe('Response B: "too_long" is not a flag of taxonomy version 1');
    const badPrompt = await refusal(submitRanking({ userId, projectId, input: input(task, { promptFlags: ['nonsense'] }) }));
    expect(badPrompt.message).toMatch(/"nonsense" is not a prompt flag/);
    const twice = await refusal(
      submitRanking({
        userId,
        projectId,
        input: input(task, {
          ratings: [
            { responseId: b, likert: 3, flags: [], flaws: [] },
            { responseId: b, likert: 4, flags: [], flaws: [] },
          ],
        }),
      }),
    );
    expect(twice.message).toBe('Response B is rated twice');
    expect(await getDb().judgment.count({ where: { assignmentId: task.assignmentId } })).toBe(0);
    // The next assignment records the new version.
    await submitRanking({
      userId,
      projectId,
      input: input(task, { ratings: [{ responseId: b, likert: 3, flags: ['hallucination'], flaws: [] }] }),
    });
    const next = await claimNextTask({ projectId, userId: labelers[1] ?? '' });
    expect((await getDb().assignment.findUnique({ where: { id: next?.assignmentId ?? '' } }))?.taxonomyVersion).toBe(2);
  });

  it('refuses a flaw span outside the response text, counting UTF-16 units like the browser', async () => {
    const { projectId, labelers } = await setup();
    const userId = labelers[0] ?? '';
    const task = await claim(projectId, userId);
    const view = await getRankingTask({ assignmentId: task.assignmentId, userId, projectId });
    const emoji = view?.responses.find((r) => r.text.startsWith('gamma'));
    if (!emoji) throw new Error('missing response');
    const length = emoji.text.length; // 'gamma 😀 text' is 13 UTF-16 units, 12 code points
    const flaw = (end: number) => ({
      responseId: emoji.id,
      likert: null,
      flags: [],
      flaws: [{ start: 0, end, category: 'other' as const, severity: 1, comment: '' }],
    });
    const outside = await refusal(submitRanking({ userId, projectId, input: input(task, { ratings: [flaw(length + 1)] }) }));
    expect(outside.message).toBe(`Response ${emoji.label}: the flaw span 0–${length + 1} is outside its text (${length} characters)`);
    await submitRanking({ userId, projectId, input: input(task, { ratings: [flaw(length)] }) });
  });
});

describe('the progress bar', () => {
  it('counts the labeler today and in total, and items whose slots are all submitted', async () => {
    const { projectId, labelers } = await setup({ items: 2, overlap: 1, labelers: 1 });
    const userId = labelers[0] ?? '';
    expect(await findLabelProgress({ projectId, userId })).toEqual({ doneToday: 0, doneTotal: 0, itemsComplete: 0, itemsTotal: 2 });
    const task = await claim(projectId, userId);
    expect((await findLabelProgress({ projectId, userId })).itemsComplete).toBe(0);
    await submitRanking({ userId, projectId, input: input(task) });
    expect(await findLabelProgress({ projectId, userId })).toEqual({ doneToday: 1, doneTotal: 1, itemsComplete: 1, itemsTotal: 2 });
    const tomorrow = new Date(Date.now() + 86_400_000);
    expect((await findLabelProgress({ projectId, userId, now: tomorrow })).doneToday).toBe(0);
  });
});
