/**
 * Detect trials against a real PostgreSQL (PRODUCT §3.4, §4): blocked balance per labeler and per
 * source under parallel claims, the exclusion rules, what the screen receives, validation,
 * idempotent submit, scoring, late submits, skip, "would have noticed" and the lead's review.
 */
import { describe, expect, it } from 'vitest';
import { getDb, getPgPool } from '@/lib/db';
import { claimDetectTask, type DetectTaskView, getDetectTask, saveDetectDraft, submitDetectTrial } from '@/lib/tasks/kinds/detect';
import { findTrialReviewQueue } from '@/lib/detect/find-trial-review-queue';
import { recordWouldHaveNoticed } from '@/lib/detect/record-would-have-noticed';
import { reviewTrial } from '@/lib/detect/review-trial';
import { ZSubmitDetectTrial, type TSubmitDetectTrial } from '@/lib/detect/schemas';
import { seededRandom } from '@/lib/stats';
import { skipTask } from '@/lib/tasks/skip';
import { FLAWED_TEXT, makeEvalWorld, ORIGINAL_TEXT, PLANTED } from '../helpers/critique-eval-fixture';
import { refusal } from '../helpers/refusal';

const view = async (projectId: string, userId: string, assignmentId: string) => (await getDetectTask({ projectId, userId, assignmentId }))!;

/** A valid submission for the view: "no flaw", every critique shown marked helpful. */
function answer(v: DetectTaskView, extra: Partial<TSubmitDetectTrial> = {}): TSubmitDetectTrial {
  return ZSubmitDetectTrial.parse({
    assignmentId: v.assignmentId,
    likert: 5,
    saysFlawed: false,
    critiqueMarks: v.critiques.map((c) => ({ critiqueId: c.id, helpful: true })),
    activeMs: 1000,
    ...extra,
  });
}

async function trialOf(assignmentId: string) {
  return getDb().detectTrial.findUniqueOrThrow({ where: { assignmentId } });
}

/** Claims and submits until the labeler gets nothing more; returns how many they did. */
async function workUntilDone(projectId: string, userId: string, random: () => number): Promise<number> {
  let done = 0;
  for (;;) {
    const task = await claimDetectTask({ projectId, userId, random });
    if (!task) return done;
    const v = await view(projectId, userId, task.assignmentId);
    await submitDetectTrial({ userId, projectId, input: answer(v) });
    done += 1;
  }
}

describe('balance', () => {
  it('every block of four submitted trials per labeler has each cell once, and full sources have each cell equally often (parallel labelers)', async () => {
    const world = await makeEvalWorld({ sources: 16, labelers: 12, trialsPerSource: 8 });
    const counts = await Promise.all(world.labelers.map((userId, k) => workUntilDone(world.projectId, userId, seededRandom(100 + k))));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);

    const trials = await getDb().detectTrial.findMany({
      where: { projectId: world.projectId, submittedAt: { not: null } },
      select: { userId: true, block: true, cell: true, perturbationId: true, slot: true, variant: true, arm: true },
    });
    const byBlock = new Map<string, number[]>();
    for (const t of trials) byBlock.set(`${t.userId}:${t.block}`, [...(byBlock.get(`${t.userId}:${t.block}`) ?? []), t.cell]);
    for (const userId of world.labelers) {
      const mine = trials.filter((t) => t.userId === userId);
      const blocks = Math.ceil(mine.length / 4);
      for (let b = 0; b < blocks; b++) {
        const cells = (byBlock.get(`${userId}:${b}`) ?? []).sort();
        // Complete blocks hold each cell once; the last, partial one holds distinct cells.
        if (b < Math.floor(mine.length / 4)) expect(cells).toEqual([0, 1, 2, 3]);
        else expect(new Set(cells).size).toBe(cells.length);
      }
    }
    const bySource = new Map<string, number[]>();
    for (const t of trials) bySource.set(t.perturbationId, [...(bySource.get(t.perturbationId) ?? []), t.cell]);
    let full = 0;
    for (const cells of bySource.values()) {
      const perCell = [0, 1, 2, 3].map((c) => cells.filter((x) => x === c).length);
      expect(Math.max(...perCell)).toBeLessThanOrEqual(2);
      if (cells.length === 8) {
        full += 1;
        expect(perCell).toEqual([2, 2, 2, 2]);
      }
    }
    expect(full).toBeGreaterThan(8);
    // The slot names the cell, and the cell the variant and arm.
    for (const t of trials) {
      expect(t.slot! % 4).toBe(t.cell);
      expect(t.variant).toBe(t.cell % 2 === 1 ? 'FLAWED' : 'ORIGINAL');
      expect(t.arm).toBe(t.cell >= 2 ? 'ASSISTED' : 'UNASSISTED');
    }
  });

  it('parallel claims of one labeler give one live trial; the draw picks among the needed cells', async () => {
    const world = await makeEvalWorld({ sources: 6, labelers: 1 });
    const userId = world.labelers[0]!;
    const claims = await Promise.all(Array.from({ length: 6 }, () => claimDetectTask({ projectId: world.projectId, userId })));
    expect(new Set(claims.map((c) => c?.assignmentId)).size).toBe(1);
    expect(await getDb().detectTrial.count({ where: { userId } })).toBe(1);
    const first = await trialOf(claims[0]!.assignmentId);
    await submitDetectTrial({ userId, projectId: world.projectId, input: answer(await view(world.projectId, userId, first.assignmentId)) });
    // random() = 0 picks the lowest needed cell.
    const next = await claimDetectTask({ projectId: world.projectId, userId, random: () => 0 });
    expect((await trialOf(next!.assignmentId)).cell).toBe(first.cell === 0 ? 1 : 0);
  });

  it('is strict: null when no needed cell is free anywhere, though other cells are', async () => {
    const world = await makeEvalWorld({ sources: 5, labelers: 6 });
    const fillers = world.labelers.slice(0, 5);
    const c = world.labelers[5]!;
    // Five labelers' first trials (random() = 0: the lowest needed cell) fill cell 0 of all five sources.
    for (const userId of fillers) {
      const task = await claimDetectTask({ projectId: world.projectId, userId, random: () => 0 });
      expect((await trialOf(task!.assignmentId)).cell).toBe(0);
      await submitDetectTrial({
        userId,
        projectId: world.projectId,
        input: answer(await view(world.projectId, userId, task!.assignmentId)),
      });
    }
    const got: number[] = [];
    for (;;) {
      const task = await claimDetectTask({ projectId: world.projectId, userId: c, random: () => 0 });
      if (!task) break;
      got.push((await trialOf(task.assignmentId)).cell);
      await submitDetectTrial({ userId: c, projectId: world.projectId, input: answer(await view(world.projectId, c, task.assignmentId)) });
    }
    // c did cells 1, 2, 3; their block needs cell 0, full everywhere, so nothing more, though two
    // sources they have not seen still have free slots of cells 1–3.
    expect(got).toEqual([1, 2, 3]);
    const mine = new Set(
      (await getDb().detectTrial.findMany({ where: { userId: c }, select: { perturbationId: true } })).map((t) => t.perturbationId),
    );
    expect(world.perturbations.filter((p) => !mine.has(p.id))).toHaveLength(2);
    expect(await getDb().detectTrial.count({ where: { projectId: world.projectId, slot: { not: null } } })).toBe(8);
  });
});

describe('exclusions', () => {
  it('routing: a source on an item that requires a language goes only to labelers who speak it', async () => {
    const world = await makeEvalWorld({ sources: 1, labelers: 2 });
    const pool = getPgPool();
    const [speaker, other] = world.labelers as [string, string];
    await pool.query(`UPDATE items SET "requiredLanguage" = 'fr', "requiredProficiency" = 'FLUENT' WHERE id = $1`, [
      world.perturbations[0]!.itemId,
    ]);
    await pool.query(`INSERT INTO labeler_languages ("userId", language, proficiency) VALUES ($1, 'fr', 'NATIVE'), ($2, 'fr', 'WORKING')`, [
      speaker,
      other,
    ]);
    expect(await claimDetectTask({ projectId: world.projectId, userId: other })).toBeNull();
    const task = await claimDetectTask({ projectId: world.projectId, userId: speaker });
    expect(task?.itemId).toBe(world.perturbations[0]!.itemId);
  });

  it('never the labeler’s own perturbation, a source twice, both variants, or an item they perturbed', async () => {
    const world = await makeEvalWorld({ sources: 3, labelers: 2 });
    const pool = getPgPool();
    const [p0, p1, p2] = world.perturbations as [
      (typeof world.perturbations)[number],
      (typeof world.perturbations)[number],
      (typeof world.perturbations)[number],
    ];
    const [x, y] = world.labelers as [string, string];
    // The author has nothing to detect: every source is theirs.
    expect(await claimDetectTask({ projectId: world.projectId, userId: world.author })).toBeNull();
    // A second accepted perturbation of p0's response (another variant of the same source), with critiques.
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO perturbations ("projectId", "itemId", "responseId", "authorId", "flawedText", description, category, severity, "missableBecause", "flawedStart", "flawedEnd", "originalStart", "originalEnd", status)
       SELECT "projectId", "itemId", "responseId", $2, 'Water boils at 90 degrees.', 'Wrong number', 'ACCURACY', 3, 'Plausible', 15, 17, 15, 18, 'ACCEPTED' FROM perturbations WHERE id = $1 RETURNING id`,
      [p0.id, world.author],
    );
    await pool.query(
      `INSERT INTO critiques ("responseId", "perturbationId", text, "textHash") VALUES ($1, $2, 'It says 90.', 'second-variant')`,
      [p0.responseId, rows[0]!.id],
    );
    // y perturbed p2's item (a perturbation of theirs there): p2 is not for them.
    await pool.query(
      `INSERT INTO perturbations ("projectId", "itemId", "responseId", "authorId", "flawedText", description, category, severity, "missableBecause", "flawedStart", "flawedEnd", "originalStart", "originalEnd", status)
       SELECT "projectId", "itemId", "responseId", $2, 'x', 'y', 'OTHER', 1, 'z', 0, 1, 0, 1, 'SUBMITTED' FROM perturbations WHERE id = $1`,
      [p2.id, y],
    );
    // x holds a PERTURB assignment on p1's item: p1 is not for them.
    await pool.query(
      `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "sourceResponseId") VALUES ($1, $2, $3, 'PERTURB', 'SUBMITTED', now(), '{}', $4)`,
      [world.projectId, p1.itemId, x, p1.responseId],
    );

    const seen = async (userId: string) => {
      const out: string[] = [];
      for (;;) {
        const task = await claimDetectTask({ projectId: world.projectId, userId });
        if (!task) return out;
        const t = await trialOf(task.assignmentId);
        out.push(t.perturbationId);
        await submitDetectTrial({
          userId,
          projectId: world.projectId,
          input: answer(await view(world.projectId, userId, task.assignmentId)),
        });
      }
    };
    const xs = await seen(x);
    const ys = await seen(y);
    expect(xs).not.toContain(p1.id);
    expect(ys).not.toContain(p2.id);
    // One trial per source response: p0 and its second variant share one, so at most one of them.
    for (const mine of [xs, ys]) {
      expect(mine.filter((id) => id === p0.id || id === rows[0]!.id).length).toBeLessThanOrEqual(1);
      expect(new Set(mine).size).toBe(mine.length);
    }
    expect(xs.length).toBe(2);
    expect(ys.length).toBe(2);
  });
});

describe('the screen and the submit', () => {
  it('shows one text and only its own critiques, never the planted flaw or the model; validates; is idempotent; scores', async () => {
    const world = await makeEvalWorld({ sources: 8, labelers: 1 });
    const userId = world.labelers[0]!;
    const { projectId } = world;
    // Cells in order 0, 1, 2, 3 (random() = 0 takes the lowest needed cell).
    const seen: Record<number, DetectTaskView> = {};
    for (let k = 0; k < 4; k++) {
      const task = (await claimDetectTask({ projectId, userId, random: () => 0 }))!;
      const trial = await trialOf(task.assignmentId);
      expect(trial.cell).toBe(k);
      const v = await view(projectId, userId, task.assignmentId);
      seen[k] = v;
      const json = JSON.stringify(v);
      expect(json).not.toMatch(/secret-model|critic|Says higher instead|One word changed|FLAWED|ORIGINAL|flawedStart|perturbation/);
      expect(v.text).toBe(k % 2 === 1 ? FLAWED_TEXT : ORIGINAL_TEXT);
      expect(v.assisted).toBe(k >= 2);
      if (k === 2) expect(v.critiques.map((c) => c.text).sort()).toEqual(['Could mention pressure cookers.', 'The original is correct.']);
      if (k === 3)
        expect(v.critiques.map((c) => c.text).sort()).toEqual([
          'Boiling point falls with altitude: "higher" is wrong.',
          'The explanation contradicts the claim.',
        ]);
      if (k < 2) expect(v.critiques).toEqual([]);

      if (k === 1) {
        const spanPast = await refusal(
          submitDetectTrial({
            userId,
            projectId,
            input: answer(v, { saysFlawed: true, span: { start: 10, end: FLAWED_TEXT.length + 1 }, description: 'x', severity: 2 }),
          }),
        );
        expect(spanPast.message).toMatch(/past the end of the text/);
        const marks = await refusal(
          submitDetectTrial({
            userId,
            projectId,
            input: answer(v, { critiqueMarks: [{ critiqueId: seen[0]!.assignmentId, helpful: true }] }),
          }),
        );
        expect(marks.message).toMatch(/No critiques were shown/);
        await saveDetectDraft({
          userId,
          projectId,
          input: {
            assignmentId: v.assignmentId,
            draft: { likert: 3, saysFlawed: true, span: null, description: 'draft', severity: null, critiqueMarks: [], activeMs: 10 },
          },
        });
        expect((await view(projectId, userId, v.assignmentId)).draft).toMatchObject({ likert: 3, description: 'draft' });
        const input = answer(v, { saysFlawed: true, span: PLANTED, description: 'Boiling point goes down with altitude', severity: 3 });
        const first = await submitDetectTrial({ userId, projectId, input });
        const again = await submitDetectTrial({ userId, projectId, input: { ...input, likert: 1 } });
        expect(first).toMatchObject({ duplicate: false, askWouldHaveNoticed: false });
        expect(again).toMatchObject({ duplicate: true, trialId: first.trialId });
        expect(await trialOf(v.assignmentId)).toMatchObject({
          likert: 5,
          saysFlawed: true,
          spanStart: PLANTED.start,
          spanEnd: PLANTED.end,
          spanOverlap: 1,
          foundIntended: true,
          flawSeverity: 3,
          durationMs: 1000,
        });
        await expect(
          saveDetectDraft({
            userId,
            projectId,
            input: {
              assignmentId: v.assignmentId,
              draft: { likert: 3, saysFlawed: null, span: null, description: '', severity: null, critiqueMarks: [], activeMs: 10 },
            },
          }),
        ).rejects.toThrow(/already submitted/);
      } else if (k === 3) {
        const missing = await refusal(
          submitDetectTrial({
            userId,
            projectId,
            input: answer(v, { critiqueMarks: [{ critiqueId: v.critiques[0]!.id, helpful: true }] }),
          }),
        );
        expect(missing.message).toMatch(/Mark each of the 2 critiques/);
        const foreign = await refusal(
          submitDetectTrial({
            userId,
            projectId,
            input: answer(v, { critiqueMarks: [...seen[2]!.critiques.map((c) => ({ critiqueId: c.id, helpful: true }))] }),
          }),
        );
        expect(foreign.message).toMatch(/was not shown/);
        // Near the planted span but not on it: the lead's review queue.
        const near = { start: PLANTED.end + 5, end: PLANTED.end + 12 };
        const result = await submitDetectTrial({
          userId,
          projectId,
          input: answer(v, {
            saysFlawed: true,
            span: near,
            description: 'The altitude part is wrong',
            severity: 2,
            critiqueMarks: [
              { critiqueId: v.critiques[0]!.id, helpful: true },
              { critiqueId: v.critiques[1]!.id, helpful: false },
            ],
          }),
        });
        expect(result.askWouldHaveNoticed).toBe(true);
        expect(await trialOf(v.assignmentId)).toMatchObject({ spanOverlap: 0, foundIntended: null });
        await recordWouldHaveNoticed({ userId, projectId, input: { assignmentId: v.assignmentId, wouldHaveNoticed: false } });
        expect((await trialOf(v.assignmentId)).wouldHaveNoticed).toBe(false);
      } else {
        // An original: "yes" is a false alarm, scored nothing.
        const r = await submitDetectTrial({
          userId,
          projectId,
          input: answer(v, { saysFlawed: true, span: { start: 0, end: 5 }, description: 'Looks off', severity: 1 }),
        });
        expect(r.askWouldHaveNoticed).toBe(k === 2);
        expect(await trialOf(v.assignmentId)).toMatchObject({ spanOverlap: null, foundIntended: null });
      }
    }
    // "Would have noticed" only after an assisted submit with a flaw.
    await expect(
      recordWouldHaveNoticed({ userId, projectId, input: { assignmentId: seen[1]!.assignmentId, wouldHaveNoticed: true } }),
    ).rejects.toThrow(/only after/);

    const queue = await findTrialReviewQueue({ projectId });
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({
      planted: { start: PLANTED.start, end: PLANTED.end, description: 'Says higher instead of lower' },
      highlighted: { description: 'The altitude part is wrong' },
    });
    const lead = world.author;
    await reviewTrial({ actorId: lead, projectId, input: { trialId: queue[0]!.trialId, verdict: 'confirm' } });
    expect((await getDb().detectTrial.findUniqueOrThrow({ where: { id: queue[0]!.trialId } })).foundIntended).toBe(true);
    expect(await refusal(reviewTrial({ actorId: lead, projectId, input: { trialId: queue[0]!.trialId, verdict: 'deny' } }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await getDb().auditEvent.count({ where: { action: 'detect.trial.confirm', targetId: queue[0]!.trialId } })).toBe(1);
    expect(await findTrialReviewQueue({ projectId })).toEqual([]);
  });

  it('a skip gives the slot back; a late submit works while the slot can be taken again, and is refused once it cannot', async () => {
    const world = await makeEvalWorld({ sources: 1, labelers: 4 });
    const { projectId } = world;
    const [a, b, c, d] = world.labelers as [string, string, string, string];
    const pool = getPgPool();
    const taskA = (await claimDetectTask({ projectId, userId: a, random: () => 0 }))!;
    await skipTask({ userId: a, projectId, input: { assignmentId: taskA.assignmentId, reason: 'broken', note: '' } });
    expect((await trialOf(taskA.assignmentId)).slot).toBeNull();
    // a has seen the source: nothing more for them.
    expect(await claimDetectTask({ projectId, userId: a })).toBeNull();

    // b's lease lapses; the slot returns; b still submits late (the slot is free again).
    const taskB = (await claimDetectTask({ projectId, userId: b, random: () => 0 }))!;
    const vb = await view(projectId, b, taskB.assignmentId);
    await pool.query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [taskB.assignmentId]);
    expect(await claimDetectTask({ projectId, userId: b })).toBeNull(); // sweeps the lapsed lease; the source is theirs no more
    expect((await trialOf(taskB.assignmentId)).slot).toBeNull();
    await submitDetectTrial({ userId: b, projectId, input: answer(vb) });
    expect(await trialOf(taskB.assignmentId)).toMatchObject({ slot: 0, cell: 0, block: 0 });

    // c takes cell 1 (cell 0 is full) and lets it lapse; d takes that cell's slot meanwhile (trialsPerSource 4: one slot per cell).
    const taskC = (await claimDetectTask({ projectId, userId: c, random: () => 0 }))!;
    const vc = await view(projectId, c, taskC.assignmentId);
    expect((await trialOf(taskC.assignmentId)).cell).toBe(1);
    await pool.query(`UPDATE assignments SET "leaseExpiresAt" = now() - interval '1 minute' WHERE id = $1`, [taskC.assignmentId]);
    const taskD = (await claimDetectTask({ projectId, userId: d, random: () => 0 }))!;
    expect((await trialOf(taskD.assignmentId)).cell).toBe(1);
    await submitDetectTrial({ userId: d, projectId, input: answer(await view(projectId, d, taskD.assignmentId)) });
    const late = await refusal(submitDetectTrial({ userId: c, projectId, input: answer(vc) }));
    expect(late.message).toMatch(/has had all its trials of this kind/);
    expect((await trialOf(taskC.assignmentId)).submittedAt).toBeNull();
  });
});
