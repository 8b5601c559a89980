/**
 * Demonstrations and the task mix against a real PostgreSQL: the weighted draw, fallbacks, kind
 * limits, one live assignment across kinds under parallel claims, the demonstration overlap,
 * idempotent submit, length limits, review states and the sft export loader.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, insertItems, insertMemberships, insertUsers } from '@/lib/builders';
import { getDb, getPgPool } from '@/lib/db';
import { reviewDemonstration } from '@/lib/demonstrations/review-demonstration';
import { claimDemonstrationTask, getDemonstrationTask, saveDemonstrationDraft, submitDemonstration } from '@/lib/tasks/kinds/demonstrate';
import { ZReviewDemonstration } from '@/lib/demonstrations/schemas';
import { ZProjectTaskSettings, ZSetMemberKinds } from '@/lib/projects/schemas';
import { findMyRejectedDemonstrations } from '@/lib/demonstrations/find-my-rejected-demonstrations';
import { DEMONSTRATIONS_PAGE_SIZE, findDemonstrations } from '@/lib/demonstrations/find-demonstrations';
import { loadExportItems } from '@/lib/export/load-export-items';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import { readProjectSettings } from '@/lib/projects/settings';
import { setMemberKinds } from '@/lib/projects/set-member-kinds';
import { updateTaskSettings } from '@/lib/projects/update-task-settings';
import { claimMixedTask } from '@/lib/tasks/claim-next';
import { skipTask } from '@/lib/tasks/skip';
import { refusal } from '../helpers/refusal';

type Settings = { taskMix?: { rank: number; demonstrate: number }; demonstrate?: { [key: string]: number | boolean } };

async function setup(options: { items: number; labelers: number; overlap?: number; settings: Settings }) {
  const project = await buildProject({ name: 'Mix', overlap: options.overlap ?? 1, settings: { goldRate: 0, ...options.settings } });
  const users = await insertUsers({ count: options.labelers, name: (n) => `D${n}` });
  await insertMemberships({ projectId: project.id, userIds: users.map((u) => u.id) });
  const items = await insertItems({
    projectId: project.id,
    count: options.items,
    prompt: 'What is 2+2?',
    responses: [
      { text: 'a', modelId: 'secret-model' },
      { text: 'b', modelId: 'secret-model' },
    ],
  });
  return { projectId: project.id, labelers: users.map((u) => u.id), items: items.map((i) => i.id) };
}

/** A seeded uniform generator (mulberry32), so the distribution test is reproducible. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const write = (userId: string, projectId: string, assignmentId: string, text = 'It is 4.') =>
  submitDemonstration({ userId, projectId, input: { assignmentId, text, activeMs: 1234 } });

describe('claimMixedTask', () => {
  it('draws kinds by weight (rank 3 : demonstrate 1) within binomial tolerance', async () => {
    const n = 240;
    const { projectId, labelers } = await setup({ items: n, labelers: 1, settings: { taskMix: { rank: 3, demonstrate: 1 } } });
    const userId = labelers[0] ?? '';
    const random = seeded(7);
    let demonstrations = 0;
    for (let i = 0; i < n; i++) {
      const task = await claimMixedTask({ projectId, userId, random });
      if (!task) throw new Error('no task');
      if (task.kind === 'DEMONSTRATE') demonstrations += 1;
      await skipTask({ userId, projectId, input: { assignmentId: task.assignmentId, reason: 'ambiguous', note: '' } });
    }
    // Expected n/4 = 60, sd = sqrt(n·p·(1−p)) ≈ 6.7: four sd either side.
    expect(Math.abs(demonstrations - n / 4)).toBeLessThan(4 * Math.sqrt(n * 0.25 * 0.75));
    expect(demonstrations).toBeGreaterThan(0);
  });

  it('falls back to the other kind when the drawn one has no work, and gives null when no enabled kind has any', async () => {
    const { projectId, labelers, items } = await setup({ items: 2, labelers: 1, settings: { taskMix: { rank: 1, demonstrate: 1000 } } });
    const userId = labelers[0] ?? '';
    const kinds: string[] = [];
    for (;;) {
      const task = await claimMixedTask({ projectId, userId, random: () => 0.5 });
      if (!task) break;
      kinds.push(task.kind);
      if (task.kind === 'DEMONSTRATE') await write(userId, projectId, task.assignmentId);
      else await skipTask({ userId, projectId, input: { assignmentId: task.assignmentId, reason: 'ambiguous', note: '' } });
    }
    expect(kinds).toEqual(['DEMONSTRATE', 'DEMONSTRATE', 'RANK', 'RANK']);
    expect(await getDb().demonstration.count({ where: { itemId: { in: items } } })).toBe(2);

    const { projectId: rankOff, labelers: others } = await setup({
      items: 1,
      labelers: 1,
      settings: { taskMix: { rank: 0, demonstrate: 1 } },
    });
    const first = await claimMixedTask({ projectId: rankOff, userId: others[0] ?? '' });
    expect(first?.kind).toBe('DEMONSTRATE');
    await write(others[0] ?? '', rankOff, first?.assignmentId ?? '');
    expect(await claimMixedTask({ projectId: rankOff, userId: others[0] ?? '' })).toBeNull();
  });

  it('hands a member only the kinds their lead allows', async () => {
    const { projectId, labelers } = await setup({ items: 5, labelers: 2, settings: { taskMix: { rank: 1, demonstrate: 1000 } } });
    const [ranker = '', writer = ''] = labelers;
    await getDb().membership.update({ where: { projectId_userId: { projectId, userId: ranker } }, data: { allowedKinds: ['RANK'] } });
    await getDb().membership.update({
      where: { projectId_userId: { projectId, userId: writer } },
      data: { allowedKinds: ['DEMONSTRATE'] },
    });
    for (let i = 0; i < 5; i++) {
      const task = await claimMixedTask({ projectId, userId: ranker, random: () => 0.99 });
      expect(task?.kind).toBe('RANK');
      await skipTask({ userId: ranker, projectId, input: { assignmentId: task?.assignmentId ?? '', reason: 'ambiguous', note: '' } });
    }
    expect(await claimMixedTask({ projectId, userId: ranker })).toBeNull();
    await getDb().project.update({
      where: { id: projectId },
      data: { settings: { goldRate: 0, taskMix: { rank: 1000, demonstrate: 1 } } },
    });
    const task = await claimMixedTask({ projectId, userId: writer, random: () => 0 });
    expect(task?.kind).toBe('DEMONSTRATE');
  });

  it('parallel claims of one labeler across kinds leave one live assignment, returned to all', async () => {
    for (let round = 0; round < 5; round++) {
      const { projectId, labelers } = await setup({ items: 10, labelers: 1, settings: { taskMix: { rank: 1, demonstrate: 1 } } });
      const userId = labelers[0] ?? '';
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) => claimMixedTask({ projectId, userId, random: () => (i % 2 === 0 ? 0.1 : 0.9) })),
      );
      const ids = new Set(claims.map((c) => c?.assignmentId));
      expect(ids.size).toBe(1);
      const { rows } = await getPgPool().query<{ n: number }>(
        `SELECT count(*)::int AS n FROM assignments WHERE "projectId" = $1 AND status = 'ACTIVE'`,
        [projectId],
      );
      expect(rows[0]?.n).toBe(1);
    }
  });
});

describe('demonstrations', () => {
  it('never exceed the demonstration overlap under parallel claims (12 workers, 8 items, overlap 2)', async () => {
    const { projectId, labelers, items } = await setup({
      items: 8,
      labelers: 12,
      overlap: 3,
      settings: { taskMix: { rank: 0, demonstrate: 1 }, demonstrate: { overlap: 2 } },
    });
    await Promise.all(
      labelers.map(async (userId) => {
        for (let idle = 0; idle < 3;) {
          const task = await claimDemonstrationTask({ projectId, userId });
          if (!task) {
            idle += 1;
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          idle = 0;
          await write(userId, projectId, task.assignmentId);
        }
      }),
    );
    const { rows } = await getPgPool().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM demonstrations WHERE "itemId" = ANY($1::uuid[]) GROUP BY "itemId"`,
      [items],
    );
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.n === 2)).toBe(true);
    // The trigger bounds DEMONSTRATE slots by demonstrate.overlap (2), not projects.overlap (3).
    const error = await getPgPool()
      .query(
        `INSERT INTO assignments ("projectId", "itemId", "userId", kind, "leaseExpiresAt", slot) VALUES ($1, $2, $3, 'DEMONSTRATE', now(), 2)`,
        [projectId, items[0], labelers[0]],
      )
      .then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
    expect(error?.code).toBe('23514');
  });

  it('keeps the draft, submits once whatever the retries, and records the time spent', async () => {
    const { projectId, labelers } = await setup({
      items: 1,
      labelers: 1,
      settings: { taskMix: { rank: 0, demonstrate: 1 }, demonstrate: { showResponses: true } },
    });
    const userId = labelers[0] ?? '';
    const task = await claimDemonstrationTask({ projectId, userId });
    if (!task) throw new Error('no task');
    await saveDemonstrationDraft({ userId, projectId, input: { assignmentId: task.assignmentId, draft: { text: 'Half', activeMs: 500 } } });
    const view = await getDemonstrationTask({ assignmentId: task.assignmentId, userId, projectId });
    expect(view?.draft).toEqual({ text: 'Half', activeMs: 500 });
    expect(view?.responses.map((r) => r.label)).toEqual(['A', 'B']);
    expect(JSON.stringify(view)).not.toContain('secret-model');

    const [a, b] = await Promise.all([
      write(userId, projectId, task.assignmentId),
      write(userId, projectId, task.assignmentId, 'A different retry'),
    ]);
    expect(a.demonstrationId).toBe(b.demonstrationId);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    const stored = await getDb().demonstration.findMany({ where: { assignmentId: task.assignmentId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.durationMs).toBe(1234);
    const other = await refusal(
      saveDemonstrationDraft({
        userId: randomUUID(),
        projectId,
        input: { assignmentId: task.assignmentId, draft: { text: 'x', activeMs: 0 } },
      }),
    );
    expect(other.code).toBe('NOT_FOUND');
  });

  it('refuses text shorter than the minimum or longer than the maximum, with a message', async () => {
    const { projectId, labelers } = await setup({
      items: 1,
      labelers: 1,
      settings: { taskMix: { rank: 0, demonstrate: 1 }, demonstrate: { minLength: 10, maxLength: 20 } },
    });
    const userId = labelers[0] ?? '';
    const task = await claimDemonstrationTask({ projectId, userId });
    if (!task) throw new Error('no task');
    const short = await refusal(write(userId, projectId, task.assignmentId, 'Too short'));
    expect(short.code).toBe('INVALID_INPUT');
    expect(short.message).toMatch(/at least 10 characters/);
    const long = await refusal(write(userId, projectId, task.assignmentId, 'x'.repeat(21)));
    expect(long.message).toMatch(/at most 20 characters/);
    expect((await write(userId, projectId, task.assignmentId, 'Just right, 4.')).duplicate).toBe(false);
  });

  it('review: reject needs a reason the labeler sees; edit keeps the original; only accepted ones export, edited text first; audited', async () => {
    const { projectId, labelers } = await setup({ items: 2, labelers: 2, settings: { taskMix: { rank: 0, demonstrate: 1 } } });
    const [writer = '', lead = ''] = labelers;
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const task = await claimDemonstrationTask({ projectId, userId: writer });
      ids.push((await write(writer, projectId, task?.assignmentId ?? '', `Answer ${i}`)).demonstrationId);
    }
    const [first = '', second = ''] = ids;
    expect(ZReviewDemonstration.safeParse({ demonstrationId: first, action: 'reject', note: '  ' }).success).toBe(false);
    await reviewDemonstration({ actorId: lead, projectId, input: { demonstrationId: first, action: 'reject', note: 'Wrong arithmetic' } });
    await reviewDemonstration({ actorId: lead, projectId, input: { demonstrationId: second, action: 'edit', text: 'Edited answer' } });
    await reviewDemonstration({ actorId: lead, projectId, input: { demonstrationId: second, action: 'accept', note: '' } });
    const stored = await getDb().demonstration.findUniqueOrThrow({ where: { id: second } });
    expect([stored.status, stored.text, stored.editedText]).toEqual(['ACCEPTED', 'Answer 1', 'Edited answer']);
    const rejected = await findMyRejectedDemonstrations({ userId: writer });
    expect(rejected.map((r) => [r.id, r.reason])).toEqual([[first, 'Wrong arithmetic']]);
    expect(await getDb().auditEvent.count({ where: { projectId, action: { startsWith: 'demonstration.' } } })).toBe(3);
    const elsewhere = await refusal(
      reviewDemonstration({ actorId: lead, projectId: randomUUID(), input: { demonstrationId: first, action: 'accept', note: '' } }),
    );
    expect(elsewhere.code).toBe('NOT_FOUND');

    const client = await getPgPool().connect();
    try {
      const texts: string[] = [];
      for await (const batch of loadExportItems({
        client,
        projectId,
        settings: toExportSettings(ZExportRequest.parse({ format: 'sft' })),
      })) {
        for (const item of batch.items) texts.push(...(item.demonstrations ?? []).map((d) => d.text));
      }
      expect(texts).toEqual(['Edited answer']);
    } finally {
      client.release();
    }
  });
});

describe('review list', () => {
  it('pages 25 at a time, newest first, with the count of each status, and only this project', async () => {
    const { projectId, labelers } = await setup({ items: 30, labelers: 2, settings: { taskMix: { rank: 0, demonstrate: 1 } } });
    const [writer = '', lead = ''] = labelers;
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const task = await claimDemonstrationTask({ projectId, userId: writer });
      ids.push((await write(writer, projectId, task?.assignmentId ?? '', `Answer ${i}`)).demonstrationId);
    }
    for (const id of ids.slice(0, 3))
      await reviewDemonstration({ actorId: lead, projectId, input: { demonstrationId: id, action: 'accept', note: '' } });
    await setup({ items: 1, labelers: 1, settings: {} }); // another project, which must not count

    const first = await findDemonstrations({ projectId, status: 'SUBMITTED' });
    const second = await findDemonstrations({ projectId, status: 'SUBMITTED', page: 2 });
    expect(first.counts).toEqual({ SUBMITTED: 27, ACCEPTED: 3, REJECTED: 0 });
    expect([first.total, first.pageSize, first.rows.length, second.rows.length]).toEqual([27, DEMONSTRATIONS_PAGE_SIZE, 25, 2]);
    // Newest first, each submitted one exactly once across the pages.
    expect([...first.rows, ...second.rows].map((r) => r.id)).toEqual(ids.slice(3).reverse());
    expect((await findDemonstrations({ projectId, status: 'ACCEPTED' })).rows.map((r) => r.id)).toEqual(ids.slice(0, 3).reverse());
    expect((await findDemonstrations({ projectId, status: 'SUBMITTED', page: 3 })).rows).toEqual([]);
  });
});

describe('task settings', () => {
  it('a lead sets the mix and demonstration settings (other settings kept) and limits a member to some kinds; both audited', async () => {
    const { projectId, labelers } = await setup({ items: 2, labelers: 1, settings: {} });
    const userId = labelers[0] ?? '';
    expect(readProjectSettings({}).taskMix).toEqual({ rank: 1, demonstrate: 0, perturb: 0, detect: 0, steps: 0, chat: 0 });
    const form = ZProjectTaskSettings.parse({
      rankWeight: '0',
      demonstrateWeight: '2',
      perturbWeight: '0',
      detectWeight: '0',
      showResponses: 'on',
      minLength: '5',
      maxLength: '50',
      overlap: '2',
      perturbOverlap: '2',
      perturbSourceMinLikert: '',
      detectTrialsPerSource: '8',
      detectMinSpanOverlapPercent: '40',
    });
    expect(ZProjectTaskSettings.safeParse({ ...form, minLength: 60 }).success).toBe(false);
    expect(ZProjectTaskSettings.safeParse({ ...form, rankWeight: 0, demonstrateWeight: 0 }).success).toBe(false);
    await updateTaskSettings({ actorId: userId, projectId, input: form });
    const stored = (await getDb().project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } })).settings;
    expect(stored).toMatchObject({
      goldRate: 0,
      taskMix: { rank: 0, demonstrate: 2, perturb: 0, detect: 0 },
      demonstrate: { showResponses: true, minLength: 5, maxLength: 50, overlap: 2 },
      perturb: { overlap: 2, sourceMinLikert: null },
      detect: { trialsPerSource: 8, minSpanOverlap: 0.4 },
    });

    await setMemberKinds({ actorId: userId, projectId, input: ZSetMemberKinds.parse({ userId, kinds: 'RANK' }) });
    // Limited to ranking while the mix enables demonstrations only: nothing to do.
    expect(await claimMixedTask({ projectId, userId })).toBeNull();
    await setMemberKinds({ actorId: userId, projectId, input: ZSetMemberKinds.parse({ userId }) });
    expect((await claimMixedTask({ projectId, userId }))?.kind).toBe('DEMONSTRATE');
    expect((await refusal(setMemberKinds({ actorId: userId, projectId, input: { userId: randomUUID(), kinds: [] } }))).code).toBe(
      'NOT_FOUND',
    );
    const actions = await getDb().auditEvent.findMany({
      where: { projectId, action: { in: ['project.task_settings.update', 'project.member.kinds'] } },
      select: { action: true },
    });
    expect(actions.map((a) => a.action).sort()).toEqual(['project.member.kinds', 'project.member.kinds', 'project.task_settings.update']);
  });
});
