/**
 * The perturb task against a real PostgreSQL (PRODUCT §3.3, §4): the claim (source rule, exclusions,
 * the perturb overlap under parallel claims, lapsed drafts), submit (refusals naming the field,
 * idempotency, the diff span, late submit), the lead's review and source marking, and the task mix
 * over four kinds.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildJudgment, buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { claimPerturbTask, getPerturbTask, savePerturbationDraft, submitPerturbation } from '@/lib/tasks/kinds/perturb';
import { findMyRejectedPerturbations } from '@/lib/perturb/find-my-rejected-perturbations';
import { findPerturbations } from '@/lib/perturb/find-perturbations';
import { reviewPerturbation } from '@/lib/perturb/review-perturbation';
import { ZReviewPerturbation, ZSetPerturbSource, ZSubmitPerturbation, type TSubmitPerturbation } from '@/lib/perturb/schemas';
import { setPerturbSource } from '@/lib/perturb/set-perturb-source';
import { claimMixedTask, orderKinds } from '@/lib/tasks/claim-next';
import { skipTask } from '@/lib/tasks/skip';
import { refusal } from '../helpers/refusal';

const ORIGINAL = 'Aspirin was first synthesised in 1897 by Felix Hoffmann at Bayer.';
const FLAWED = 'Aspirin was first synthesised in 1899 by Felix Hoffmann at Bayer.';

type Settings = Record<string, unknown>;

/** `items` items with two responses each ("good" marked as a source unless `mark` is false). */
async function setup(options: { items: number; labelers: number; settings?: Settings; mark?: boolean }) {
  const project = await buildProject({
    name: 'Perturb',
    overlap: 1,
    minResponses: 1,
    settings: { goldRate: 0, taskMix: { rank: 0, demonstrate: 0, perturb: 1, detect: 0 }, ...options.settings },
  });
  const users = await insertUsers({ count: options.labelers, name: (n) => `P${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const items = await insertItems({
    projectId: project.id,
    count: options.items,
    prompt: 'Who made aspirin?',
    responses: [
      { externalId: 'good', text: ORIGINAL, modelId: 'secret-model', perturbSource: options.mark ?? true },
      { externalId: 'weak', text: 'Some company made it.', modelId: 'secret-model' },
    ],
  });
  const responses = items.flatMap((i) => i.responses.map((r) => ({ id: r.id, itemId: r.itemId, text: r.text })));
  return { projectId: project.id, labelers: users.map((u) => u.id), items: items.map((i) => i.id), responses };
}

const input = (assignmentId: string, patch: Partial<TSubmitPerturbation> = {}): TSubmitPerturbation => ({
  assignmentId,
  flawedText: FLAWED,
  description: 'The year is 1899; it was 1897.',
  category: 'accuracy',
  severity: 3,
  missableBecause: 'A plausible nearby year.',
  activeMs: 4321,
  ...patch,
});
const plant = (userId: string, projectId: string, assignmentId: string, patch: Partial<TSubmitPerturbation> = {}) =>
  submitPerturbation({ userId, projectId, input: input(assignmentId, patch) });
const sourceOf = async (assignmentId: string) =>
  (await getDb().assignment.findUniqueOrThrow({ where: { id: assignmentId }, select: { sourceResponseId: true } })).sourceResponseId;

/** Gives `responseId` one submitted ranking with this Likert score. */
async function rate(projectId: string, responseId: string, itemId: string, likert: number) {
  const [rater] = await insertUsers({ count: 1, name: () => 'Rater' });
  await buildJudgment({
    item: { id: itemId, responses: [responseId] },
    userId: rater!.id,
    ranking: [],
    likert: [likert],
    source: 'LABELED',
    durationMs: 0,
  });
  void projectId;
}

describe('claimPerturbTask', () => {
  it('hands out a marked source, stores it on the assignment and shows only its text', async () => {
    const { projectId, labelers, responses } = await setup({ items: 1, labelers: 1 });
    const userId = labelers[0] ?? '';
    const task = await claimPerturbTask({ projectId, userId });
    expect(task?.kind).toBe('PERTURB');
    const good = responses.find((r) => r.text === ORIGINAL);
    expect(await sourceOf(task?.assignmentId ?? '')).toBe(good?.id);
    const view = await getPerturbTask({ assignmentId: task?.assignmentId ?? '', userId, projectId });
    expect(view?.sourceText).toBe(ORIGINAL);
    expect(JSON.stringify(view)).not.toContain('secret-model');
    // Asking again returns the live one.
    expect((await claimPerturbTask({ projectId, userId }))?.assignmentId).toBe(task?.assignmentId);
  });

  it('never over-fills the perturb overlap under parallel claims', async () => {
    for (let round = 0; round < 3; round++) {
      const { projectId, labelers, items } = await setup({
        items: 2,
        labelers: 8,
        settings: { perturb: { overlap: 2, sourceMinLikert: null } },
      });
      const claims = await Promise.all(labelers.map((userId) => claimPerturbTask({ projectId, userId })));
      // SKIP LOCKED may send a claimer away empty while another holds the item's lock: the others
      // ask again, one by one, until the four slots are taken.
      for (const [i, userId] of labelers.entries()) if (!claims[i]) claims[i] = await claimPerturbTask({ projectId, userId });
      expect(claims.filter(Boolean)).toHaveLength(4);
      const { rows } = await getPgPool().query<{ itemId: string; n: number; slots: number[] }>(
        `SELECT "itemId", count(*)::int AS n, array_agg(slot ORDER BY slot) AS slots FROM assignments WHERE "projectId" = $1 AND kind = 'PERTURB' AND status = 'ACTIVE' GROUP BY "itemId"`,
        [projectId],
      );
      expect(rows.map((r) => r.n).sort()).toEqual([2, 2]);
      expect(rows.every((r) => r.slots.join() === '0,1')).toBe(true);
      expect(new Set(rows.map((r) => r.itemId))).toEqual(new Set(items));
    }
  });

  it('rotates an item’s sources by slot', async () => {
    const { projectId, labelers, responses } = await setup({
      items: 1,
      labelers: 2,
      settings: { perturb: { overlap: 2, sourceMinLikert: null } },
    });
    await getPgPool().query(`UPDATE responses SET "perturbSource" = true WHERE id = ANY($1::uuid[])`, [responses.map((r) => r.id)]);
    const a = await claimPerturbTask({ projectId, userId: labelers[0] ?? '' });
    const b = await claimPerturbTask({ projectId, userId: labelers[1] ?? '' });
    expect(new Set([await sourceOf(a?.assignmentId ?? ''), await sourceOf(b?.assignmentId ?? '')])).toEqual(
      new Set(responses.map((r) => r.id)),
    );
  });

  it('without marked sources, takes responses whose mean Likert reaches the project rule; never marked-less items when the rule is off', async () => {
    const { projectId, labelers, items, responses } = await setup({
      items: 2,
      labelers: 1,
      mark: false,
      settings: { perturb: { overlap: 1, sourceMinLikert: 6 } },
    });
    const userId = labelers[0] ?? '';
    expect(await claimPerturbTask({ projectId, userId })).toBeNull();
    const [first, second] = items;
    const goodOf = (itemId: string | undefined) => responses.find((r) => r.itemId === itemId && r.text === ORIGINAL)?.id ?? '';
    await rate(projectId, goodOf(first), first ?? '', 7);
    await rate(projectId, goodOf(first), first ?? '', 4); // mean 5.5: below 6
    await rate(projectId, goodOf(second), second ?? '', 6);
    await rate(projectId, goodOf(second), second ?? '', 7);
    const task = await claimPerturbTask({ projectId, userId });
    expect(task?.itemId).toBe(second);
    expect(await sourceOf(task?.assignmentId ?? '')).toBe(goodOf(second));
    await skipTask({ userId, projectId, input: { assignmentId: task?.assignmentId ?? '', reason: 'ambiguous', note: '' } });
    expect(await claimPerturbTask({ projectId, userId })).toBeNull();

    // The rule off: only marked responses are sources.
    const off = await setup({ items: 1, labelers: 1, mark: false, settings: { perturb: { overlap: 1, sourceMinLikert: null } } });
    const offGood = off.responses.find((r) => r.text === ORIGINAL)?.id ?? '';
    await rate(off.projectId, offGood, off.items[0] ?? '', 7);
    expect(await claimPerturbTask({ projectId: off.projectId, userId: off.labelers[0] ?? '' })).toBeNull();
  });

  it('excludes items the labeler perturbed, skipped or holds, and responses they wrote', async () => {
    const { projectId, labelers, items, responses } = await setup({
      items: 3,
      labelers: 2,
      settings: { perturb: { overlap: 3, sourceMinLikert: null } },
    });
    const [userId = '', other = ''] = labelers;
    const seen: string[] = [];
    const first = await claimPerturbTask({ projectId, userId });
    seen.push(first?.itemId ?? '');
    await plant(userId, projectId, first?.assignmentId ?? '');
    const second = await claimPerturbTask({ projectId, userId });
    seen.push(second?.itemId ?? '');
    await skipTask({ userId, projectId, input: { assignmentId: second?.assignmentId ?? '', reason: 'not_my_expertise', note: '' } });
    // The third item's only source is a response this labeler wrote.
    const third = items.find((i) => !seen.includes(i)) ?? '';
    await getPgPool().query(`UPDATE responses SET "authorId" = $2 WHERE "itemId" = $1 AND "perturbSource"`, [third, userId]);
    expect(await claimPerturbTask({ projectId, userId })).toBeNull();
    expect(new Set(seen).size).toBe(2);
    // Another labeler can still have the third item, with its source.
    const theirs = await claimPerturbTask({ projectId, userId: other });
    expect(theirs).not.toBeNull();
    expect(responses.some((r) => r.id === null)).toBe(false);
  });

  it('brings a lapsed draft back with its source while the item has room', async () => {
    const { projectId, labelers } = await setup({ items: 2, labelers: 1 });
    const userId = labelers[0] ?? '';
    const task = await claimPerturbTask({ projectId, userId });
    const id = task?.assignmentId ?? '';
    await savePerturbationDraft({
      userId,
      projectId,
      input: {
        assignmentId: id,
        draft: { text: FLAWED, description: 'half', category: 'accuracy', severity: null, missableBecause: '', activeMs: 10 },
      },
    });
    const source = await sourceOf(id);
    await getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [id]);
    const again = await claimPerturbTask({ projectId, userId });
    expect(again?.assignmentId).toBe(id);
    expect(await sourceOf(id)).toBe(source);
    expect((await getPerturbTask({ assignmentId: id, userId, projectId }))?.draft?.description).toBe('half');
  });
});

describe('submitPerturbation', () => {
  it('stores the flaw with the span computed by diff, once per assignment', async () => {
    const { projectId, labelers } = await setup({ items: 1, labelers: 1 });
    const userId = labelers[0] ?? '';
    const task = await claimPerturbTask({ projectId, userId });
    const id = task?.assignmentId ?? '';
    const [a, b] = await Promise.all([plant(userId, projectId, id), plant(userId, projectId, id)]);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    expect(a.perturbationId).toBe(b.perturbationId);
    const stored = await getDb().perturbation.findMany({ where: { projectId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      status: 'SUBMITTED',
      category: 'ACCURACY',
      severity: 3,
      authorId: userId,
      durationMs: 4321,
      flawedText: FLAWED,
    });
    const p = stored[0];
    expect(FLAWED.slice(p?.flawedStart, p?.flawedEnd)).toBe('1899');
    expect(ORIGINAL.slice(p?.originalStart, p?.originalEnd)).toBe('1897');
    const assignment = await getDb().assignment.findUniqueOrThrow({ where: { id }, select: { status: true, draft: true } });
    expect(assignment).toEqual({ status: 'SUBMITTED', draft: null });
    // A retry with other content still returns the first result.
    expect(await plant(userId, projectId, id, { flawedText: 'Other.' })).toEqual({ perturbationId: a.perturbationId, duplicate: true });
  });

  it('refuses an unchanged text, and the schema names a missing description or reason, a bad category or severity', async () => {
    const { projectId, labelers } = await setup({ items: 1, labelers: 1 });
    const userId = labelers[0] ?? '';
    const id = (await claimPerturbTask({ projectId, userId }))?.assignmentId ?? '';
    for (const flawedText of [ORIGINAL, `  ${ORIGINAL.replace(' by ', '  by\n')} `]) {
      const error = await refusal(plant(userId, projectId, id, { flawedText }));
      expect(error.code).toBe('INVALID_INPUT');
      expect(Object.keys(error.fieldErrors ?? {})).toEqual(['flawedText']);
    }
    const paths = (value: unknown) => {
      const parsed = ZSubmitPerturbation.safeParse(value);
      return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
    };
    expect(paths({ ...input(id), description: '  ' })).toEqual(['description']);
    expect(paths({ ...input(id), missableBecause: '' })).toEqual(['missableBecause']);
    expect(paths({ ...input(id), category: 'style' })).toEqual(['category']);
    expect(paths({ ...input(id), severity: 5 })).toEqual(['severity']);
    expect(paths({ ...input(id), severity: null })).toEqual(['severity']);
    expect(await getDb().perturbation.count({ where: { projectId } })).toBe(0);
    // Another labeler's assignment is not found.
    expect((await refusal(plant(randomUUID(), projectId, id))).code).toBe('NOT_FOUND');
  });

  it('accepts a late submit while the slot is free, and refuses it once another labeler holds it', async () => {
    const { projectId, labelers } = await setup({ items: 1, labelers: 3 });
    const [late = '', taker = '', third = ''] = labelers;
    const expire = (id: string) =>
      getPgPool().query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [id]);
    const first = (await claimPerturbTask({ projectId, userId: late }))?.assignmentId ?? '';
    await expire(first);
    // A claim by someone else expires the lease (the slot is given back) but finds nothing else to take first.
    const second = await claimPerturbTask({ projectId, userId: taker });
    expect(second).not.toBeNull();
    await expect(plant(late, projectId, first)).rejects.toMatchObject({ code: 'CONFLICT' });
    // The taker lapses too, and the slot is free again: a late submit now succeeds.
    await expire(second?.assignmentId ?? '');
    await claimPerturbTask({ projectId, userId: third }); // expires the taker's lease; the third labeler takes the slot
    const { rows } = await getPgPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM assignments WHERE "projectId" = $1 AND kind = 'PERTURB' AND slot IS NOT NULL`,
      [projectId],
    );
    expect(rows[0]?.n).toBe(1);
    const thirdTask = await getDb().assignment.findFirstOrThrow({ where: { projectId, userId: third } });
    await skipTask({ userId: third, projectId, input: { assignmentId: thirdTask.id, reason: 'ambiguous', note: '' } });
    expect((await plant(taker, projectId, second?.assignmentId ?? '')).duplicate).toBe(false);
  });
});

describe('review and sources', () => {
  it('a lead accepts or rejects with a reason the author sees; audited; other projects are not reachable', async () => {
    const { projectId, labelers } = await setup({ items: 2, labelers: 2 });
    const [author = '', lead = ''] = labelers;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const task = await claimPerturbTask({ projectId, userId: author });
      ids.push((await plant(author, projectId, task?.assignmentId ?? '')).perturbationId);
    }
    const [acceptId = '', rejectId = ''] = ids;
    expect(ZReviewPerturbation.safeParse({ perturbationId: rejectId, action: 'reject', note: ' ' }).success).toBe(false);
    await reviewPerturbation({
      actorId: lead,
      projectId,
      input: ZReviewPerturbation.parse({ perturbationId: acceptId, action: 'accept' }),
    });
    await reviewPerturbation({
      actorId: lead,
      projectId,
      input: ZReviewPerturbation.parse({ perturbationId: rejectId, action: 'reject', note: 'Too obvious.' }),
    });
    expect((await findPerturbations({ projectId, status: 'ACCEPTED' })).rows.map((p) => p.id)).toEqual([acceptId]);
    const rejected = (await findPerturbations({ projectId, status: 'REJECTED' })).rows;
    expect(rejected.map((p) => [p.id, p.reviewNote, p.author, p.originalText])).toEqual([[rejectId, 'Too obvious.', 'P1', ORIGINAL]]);
    expect((await findMyRejectedPerturbations({ userId: author })).map((r) => r.reason)).toEqual(['Too obvious.']);
    expect(await findMyRejectedPerturbations({ userId: lead })).toEqual([]);
    const audit = await getDb().auditEvent.findMany({
      where: { projectId, action: { startsWith: 'perturbation.' } },
      select: { action: true, targetId: true },
    });
    expect(audit.map((a) => a.action).sort()).toEqual(['perturbation.accept', 'perturbation.reject']);

    const elsewhere = await setup({ items: 1, labelers: 1 });
    expect(
      (
        await refusal(
          reviewPerturbation({
            actorId: lead,
            projectId: elsewhere.projectId,
            input: { perturbationId: acceptId, action: 'accept', note: '' },
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
  });

  it('a lead marks and unmarks sources, audited, only in their project', async () => {
    const { projectId, labelers, responses } = await setup({
      items: 1,
      labelers: 1,
      mark: false,
      settings: { perturb: { overlap: 1, sourceMinLikert: null } },
    });
    const userId = labelers[0] ?? '';
    const weak = responses.find((r) => r.text !== ORIGINAL)?.id ?? '';
    expect(await claimPerturbTask({ projectId, userId })).toBeNull();
    await setPerturbSource({ actorId: userId, projectId, input: ZSetPerturbSource.parse({ responseId: weak, source: 'on' }) });
    const task = await claimPerturbTask({ projectId, userId });
    expect(await sourceOf(task?.assignmentId ?? '')).toBe(weak);
    await setPerturbSource({ actorId: userId, projectId, input: ZSetPerturbSource.parse({ responseId: weak, source: 'off' }) });
    expect((await getDb().response.findUniqueOrThrow({ where: { id: weak }, select: { perturbSource: true } })).perturbSource).toBe(false);
    expect(await getDb().auditEvent.count({ where: { projectId, action: 'response.perturb_source', targetId: weak } })).toBe(2);
    const elsewhere = await setup({ items: 1, labelers: 1 });
    expect(
      (await refusal(setPerturbSource({ actorId: userId, projectId: elsewhere.projectId, input: { responseId: weak, source: true } })))
        .code,
    ).toBe('NOT_FOUND');
  });
});

describe('task mix with four kinds', () => {
  it('orders the four kinds by the draw and the weights', () => {
    const weights: Parameters<typeof orderKinds>[0] = [
      ['RANK', 1],
      ['DEMONSTRATE', 0],
      ['PERTURB', 2],
      ['DETECT', 1],
    ];
    expect(orderKinds(weights, 0)).toEqual(['PERTURB', 'RANK', 'DETECT']);
    expect(orderKinds(weights, 0.6)).toEqual(['RANK', 'PERTURB', 'DETECT']);
    expect(orderKinds(weights, 0.99)).toEqual(['DETECT', 'PERTURB', 'RANK']);
  });

  it('draws perturb by weight, falls back when a kind has no work, and respects member kinds', async () => {
    const { projectId, labelers } = await setup({
      items: 3,
      labelers: 2,
      settings: { taskMix: { rank: 1, demonstrate: 1, perturb: 1, detect: 1 } },
    });
    const [userId = '', ranker = ''] = labelers;
    // The last quarter of the draw is DETECT, which has no work (no accepted perturbation): the heaviest-first fallback.
    const kinds: string[] = [];
    for (const draw of [0.3, 0.99, 0.6]) {
      const task = await claimMixedTask({ projectId, userId, random: () => draw });
      kinds.push(task?.kind ?? 'none');
      await skipTask({ userId, projectId, input: { assignmentId: task?.assignmentId ?? '', reason: 'ambiguous', note: '' } });
    }
    expect(kinds[0]).toBe('DEMONSTRATE');
    expect(kinds[1]).not.toBe('DETECT');
    expect(kinds[2]).toBe('PERTURB');
    await getDb().membership.update({ where: { projectId_userId: { projectId, userId: ranker } }, data: { allowedKinds: ['PERTURB'] } });
    expect((await claimMixedTask({ projectId, userId: ranker, random: () => 0 }))?.kind).toBe('PERTURB');
  });

  it('parallel claims across kinds leave one live assignment, returned to every caller', async () => {
    for (let round = 0; round < 4; round++) {
      const { projectId, labelers } = await setup({
        items: 6,
        labelers: 1,
        settings: { taskMix: { rank: 1, demonstrate: 1, perturb: 1, detect: 1 } },
      });
      const userId = labelers[0] ?? '';
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => claimMixedTask({ projectId, userId, random: () => (i % 4) / 4 + 0.1 })),
      );
      expect(new Set(claims.map((c) => c?.assignmentId)).size).toBe(1);
      const { rows } = await getPgPool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM assignments WHERE "projectId" = $1 AND status = 'ACTIVE'`,
        [projectId],
      );
      expect(rows[0]?.n).toBe(1);
      // A live perturb task is what the next claim returns, whatever the draw.
      const live = claims[0];
      expect((await claimMixedTask({ projectId, userId, random: () => 0 }))?.assignmentId).toBe(live?.assignmentId);
    }
  });
});

describe('demo seed', () => {
  it('marks sources and adds accepted perturbations whose spans cover the change, with critiques of both texts', async () => {
    const { seedDemo } = await import('@/prisma/seed');
    expect(await seedDemo(getDb())).toBe(true);
    const project = await getDb().project.findUniqueOrThrow({ where: { slug: 'demo-helpfulness' }, select: { id: true } });
    expect(await getDb().response.count({ where: { item: { projectId: project.id }, perturbSource: true } })).toBe(4);
    const perturbations = await getDb().perturbation.findMany({
      where: { projectId: project.id },
      include: { response: { select: { text: true } }, _count: { select: { critiques: true } } },
    });
    expect(perturbations).toHaveLength(2);
    for (const p of perturbations) {
      expect(p.status).toBe('ACCEPTED');
      expect(
        p.response.text.slice(0, p.originalStart) + p.flawedText.slice(p.flawedStart, p.flawedEnd) + p.response.text.slice(p.originalEnd),
      ).toBe(p.flawedText);
      expect(p._count.critiques).toBeGreaterThan(0);
      expect(await getDb().critique.count({ where: { responseId: p.responseId, perturbationId: null } })).toBeGreaterThan(0);
    }
    // Written by labeler1, so labeler2 can detect on them.
    const author = await getDb().user.findUniqueOrThrow({ where: { email: 'labeler1@preflab.test' }, select: { id: true } });
    expect(perturbations.every((p) => p.authorId === author.id)).toBe(true);
  });
});
