import { getPgPool, typed } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { routingSql } from '@/lib/pool/routing-sql';
import { readProjectSettings } from '@/lib/projects/settings';
import { checkStepLabels } from '@/lib/steps/check-step-labels';
import { ZStepsDraft, type TSaveStepsDraft, type TStepLabel, type TStepsDraft, type TSubmitSteps } from '@/lib/steps/schemas';
import { responseSteps } from '@/lib/steps/split-steps';
import { claimTask, type ClaimedTask } from '@/lib/tasks/claim';
import { saveTaskDraft } from '@/lib/tasks/draft';
import type { AssignmentRow, LockedAssignment, TaskKindModule } from '@/lib/tasks/kind';
import { claimOpenItem, freeSlotSql, resumeLapsedDraft, retakeItemSlot } from '@/lib/tasks/slots';
import { submitTask } from '@/lib/tasks/submit';
import type { RankingTaskView } from '@/lib/tasks/task-view';

/**
 * The steps kind (issue 27, process supervision): rate each step of one solution −1 / 0 / +1 and
 * say whether its final answer is correct. One task is one item's solution: its first response
 * (by creation, then external id), the one response a PRM800K or TRL stepwise row gives an item.
 * Slots on the item bounded by the project's overlap (the slot trigger's default), so each
 * solution gets `overlap` labellings; a labeler labels an item's solution once.
 */

export type StepsTaskView = {
  assignmentId: string;
  messages: RankingTaskView['messages'];
  /** The solution's steps as shown (its explicit list, or its text split by the project's setting). Model output: plain text. */
  steps: string[];
  untilFirstError: boolean;
  draft: TStepsDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
};

type Result = { stepJudgmentId: string; duplicate: boolean };
type Locked = LockedAssignment & { overlap: number; responseId: string | null; text: string | null; metadata: unknown };
type Checked = { steps: string[]; labels: TStepLabel[] };

/** The solution an item's steps task shows: its first response. */
const SOLUTION = `SELECT r.id FROM responses r WHERE r."itemId" = $2::uuid ORDER BY r."createdAt", r."externalId", r.id LIMIT 1`;

// Open to this labeler: a solution to label; not labelled, skipped or held by them; no response of
// theirs on it; no step labelling of theirs (an imported one counts); fewer held STEPS slots than the overlap (re-checked on the locked row's slots);
// routing. Items in progress first, then priority and age.
const PICK = `SELECT i.id FROM items i
  WHERE i."projectId" = $1 AND NOT i."awaitingResponses"
    AND EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id)
    AND (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'STEPS' AND a.slot IS NOT NULL) < $2
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'STEPS' AND mine.status <> 'EXPIRED')
    AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."authorId" = $3)
    AND NOT EXISTS (SELECT 1 FROM step_judgments s WHERE s."itemId" = i.id AND s."userId" = $3)
    AND i.id <> ALL($4::uuid[])
    AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'STEPS' AND a.slot IS NOT NULL) DESC, i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

const INSERT = `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
  SELECT $1::uuid, $2::uuid, $3::uuid, 'STEPS', 'ACTIVE', now() + make_interval(mins => $4::int),
         ARRAY(${SOLUTION.replace('SELECT r.id', 'SELECT r.id::text')}), $5::int, free.s
  FROM (${freeSlotSql('STEPS', '$2::uuid', '$6')}) free
  ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
  RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder"`;

/** The labeler's view of one of their open STEPS assignments, or null. Only the conversation and the steps: no model, no metadata, no other labels. */
export async function getStepsTask(options: { assignmentId: string; userId: string; projectId: string }): Promise<StepsTaskView | null> {
  const { rows } = await getPgPool().query<{
    id: string;
    draft: unknown;
    draftSavedAt: Date | null;
    leaseExpiresAt: Date;
    messages: RankingTaskView['messages'];
    settings: unknown;
    text: string | null;
    metadata: unknown;
  }>(
    `SELECT a.id, a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages, p.settings, r.text, r.metadata
     FROM assignments a JOIN items i ON i.id = a."itemId" JOIN projects p ON p.id = a."projectId"
     LEFT JOIN responses r ON r.id::text = a."shownOrder"[1]
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'STEPS' AND a.status IN ('ACTIVE', 'EXPIRED')`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row || row.text === null) return null;
  const { steps } = readProjectSettings(row.settings);
  const draft = row.draft === null ? null : ZStepsDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    steps: responseSteps({ text: row.text, metadata: row.metadata }, steps.split),
    untilFirstError: steps.untilFirstError,
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  };
}

export const STEPS: TaskKindModule<TSubmitSteps, Locked, Checked, Result, StepsTaskView> = {
  kind: 'STEPS',
  weight: (settings) => settings.taskMix.steps,
  claim: {
    resume: (ctx) => resumeLapsedDraft(ctx, { kind: 'STEPS', overlap: ctx.projectOverlap }),
    next: (ctx) =>
      claimOpenItem(ctx, {
        async pick(skip) {
          const { rows } = await ctx.client.query<{ id: string }>(PICK, [ctx.projectId, ctx.projectOverlap, ctx.userId, skip]);
          return rows[0]?.id ?? null;
        },
        async insert(itemId) {
          const { settings } = ctx;
          const values = [ctx.projectId, itemId, ctx.userId, settings.leaseMinutes, settings.taxonomyVersion, ctx.projectOverlap];
          const { rows } = await ctx.client.query<AssignmentRow>(INSERT, values);
          return rows[0] ?? null;
        },
      }),
  },
  submit: {
    async lock(client, key) {
      const { rows } = await client.query<Locked>(
        `SELECT a.id, a.status, a."itemId", a.slot, a."leaseExpiresAt", p.settings, p.overlap, r.id AS "responseId", r.text, r.metadata
         FROM assignments a JOIN projects p ON p.id = a."projectId" LEFT JOIN responses r ON r.id::text = a."shownOrder"[1]
         WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'STEPS'
         FOR UPDATE OF a`,
        [key.assignmentId, key.userId, key.projectId],
      );
      return rows[0] ?? null;
    },
    async stored(client, row) {
      const stored = await typed(client).selectFrom('step_judgments').select('id').where('assignmentId', '=', row.id).executeTakeFirst();
      return stored ? { stepJudgmentId: stored.id, duplicate: true } : null;
    },
    async validate({ settings }, row, input) {
      if (row.text === null) throw new AppError('CONFLICT', 'The solution of this task was deleted');
      const steps = responseSteps({ text: row.text, metadata: row.metadata }, settings.steps.split);
      const checked = checkStepLabels({
        stepCount: steps.length,
        ratings: input.ratings,
        flaws: input.flaws,
        finalAnswer: input.finalAnswer,
        untilFirstError: settings.steps.untilFirstError,
      });
      if ('problem' in checked)
        throw new AppError('INVALID_INPUT', checked.problem.message, { [checked.problem.field]: [checked.problem.message] });
      return { steps, labels: checked.labels };
    },
    slot: ({ client }, row) =>
      retakeItemSlot(client, {
        kind: 'STEPS',
        assignmentId: row.id,
        itemId: row.itemId,
        slot: row.slot,
        lapsed: false,
        overlap: row.overlap,
        full: 'This solution already has all its step labels; your ratings were not saved',
      }),
    async insert({ client, projectId, userId }, row, input, { checked }) {
      const inserted = await typed(client)
        .insertInto('step_judgments')
        .values({
          assignmentId: row.id,
          projectId,
          itemId: row.itemId,
          responseId: row.responseId as string,
          userId,
          steps: checked.steps,
          labels: JSON.stringify(checked.labels),
          finalAnswer: input.finalAnswer,
          durationMs: input.activeMs,
          locale: input.locale ?? null,
        })
        .returning('id')
        .executeTakeFirst();
      if (!inserted) throw new Error('step judgment insert returned no row');
      return { stepJudgmentId: inserted.id, duplicate: false };
    },
  },
  view: getStepsTask,
};

/** The next steps task for the labeler (the engine's claim). */
export function claimStepsTask(options: { projectId: string; userId: string }): Promise<ClaimedTask | null> {
  return claimTask(STEPS, options);
}

/**
 * Submits the step ratings of the labeler's STEPS assignment (the engine's submit). A retried
 * submit returns the first result; an unrated step is refused naming it; under "until the first
 * error" steps after the first negative one are not stored.
 */
export function submitSteps(options: { userId: string; projectId: string; input: TSubmitSteps }): Promise<Result> {
  return submitTask(STEPS, options);
}

/** Saves the labeler's unsubmitted step ratings on their own STEPS assignment (the engine's draft store). */
export function saveStepsDraft(options: { userId: string; projectId: string; input: TSaveStepsDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveTaskDraft(STEPS, { userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
