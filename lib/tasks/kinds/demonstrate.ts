import { getPgPool, typed } from '@/lib/db';
import {
  ZDemonstrationDraft,
  type TDemonstrationDraft,
  type TSaveDemonstrationDraft,
  type TSubmitDemonstration,
} from '@/lib/demonstrations/schemas';
import { AppError } from '@/lib/errors';
import { RESPONSE_LABELS } from '@/lib/judgments/schemas';
import { routingSql } from '@/lib/pool/routing-sql';
import { readProjectSettings } from '@/lib/projects/settings';
import { claimTask, type ClaimedTask } from '@/lib/tasks/claim';
import { saveTaskDraft } from '@/lib/tasks/draft';
import type { AssignmentRow, LockedAssignment, TaskKindModule } from '@/lib/tasks/kind';
import { claimOpenItem, freeSlotSql, resumeLapsedDraft, retakeItemSlot } from '@/lib/tasks/slots';
import { submitTask } from '@/lib/tasks/submit';
import type { RankingTaskView } from '@/lib/tasks/task-view';

/**
 * The demonstration kind (PRODUCT §3.2), the smallest: write the reply the model should have
 * given. Slots on the item bounded by demonstrate.overlap; the text's length within the project's
 * bounds; the responses shown for reference only when the project says so.
 */

export type DemonstrationTaskView = {
  assignmentId: string;
  messages: RankingTaskView['messages'];
  /** Only when the project shows them; texts under letters, never model ids. */
  responses: Array<{ id: string; label: string; text: string }>;
  minLength: number;
  maxLength: number;
  draft: TDemonstrationDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
};

type Result = { demonstrationId: string; duplicate: boolean };

// Open to this labeler: not demonstrated, skipped or held by them; no response of theirs on it;
// fewer held slots than the demonstration overlap (re-checked on the locked row's slots);
// their profile meets the routing requirements (lib/pool/routing-sql.ts).
// Items in progress first, then priority and age.
const PICK = `SELECT i.id FROM items i
  WHERE i."projectId" = $1 AND NOT i."awaitingResponses"
    AND (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'DEMONSTRATE' AND a.slot IS NOT NULL) < $2
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'DEMONSTRATE' AND mine.status <> 'EXPIRED')
    AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."authorId" = $3)
    AND i.id <> ALL($4::uuid[])
    AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'DEMONSTRATE' AND a.slot IS NOT NULL) DESC, i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

// On the locked item's first free slot; the responses in a shuffled order (shown when the project
// says so). An expired assignment of this labeler on the item (no draft) is renewed in place.
const INSERT = `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
  SELECT $1::uuid, $2::uuid, $3::uuid, 'DEMONSTRATE', 'ACTIVE', now() + make_interval(mins => $4::int),
         ARRAY(SELECT r.id::text FROM responses r WHERE r."itemId" = $2::uuid ORDER BY random()), $5::int, free.s
  FROM (${freeSlotSql('DEMONSTRATE', '$2::uuid', '$6')}) free
  ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
  RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder"`;

/** The labeler's view of one of their open DEMONSTRATE assignments, or null. */
export async function getDemonstrationTask(options: {
  assignmentId: string;
  userId: string;
  projectId: string;
}): Promise<DemonstrationTaskView | null> {
  const pool = getPgPool();
  const { rows } = await pool.query<{
    id: string;
    shownOrder: string[];
    draft: unknown;
    draftSavedAt: Date | null;
    leaseExpiresAt: Date;
    messages: RankingTaskView['messages'];
    settings: unknown;
  }>(
    `SELECT a.id, a."shownOrder", a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages, p.settings
     FROM assignments a JOIN items i ON i.id = a."itemId" JOIN projects p ON p.id = a."projectId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DEMONSTRATE' AND a.status IN ('ACTIVE', 'EXPIRED')`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const { demonstrate } = readProjectSettings(row.settings);
  let responses: DemonstrationTaskView['responses'] = [];
  if (demonstrate.showResponses) {
    const found = await pool.query<{ id: string; text: string }>(`SELECT id, text FROM responses WHERE id = ANY($1::uuid[])`, [
      row.shownOrder,
    ]);
    const byId = new Map(found.rows.map((r) => [r.id, r.text]));
    responses = row.shownOrder
      .filter((id) => byId.has(id))
      .map((id, i) => ({ id, label: RESPONSE_LABELS[i] ?? String(i + 1), text: byId.get(id) ?? '' }));
  }
  const draft = row.draft === null ? null : ZDemonstrationDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    responses,
    minLength: demonstrate.minLength,
    maxLength: demonstrate.maxLength,
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  };
}

export const DEMONSTRATE: TaskKindModule<TSubmitDemonstration, LockedAssignment, null, Result, DemonstrationTaskView> = {
  kind: 'DEMONSTRATE',
  weight: (settings) => settings.taskMix.demonstrate,
  claim: {
    resume: (ctx) => resumeLapsedDraft(ctx, { kind: 'DEMONSTRATE', overlap: ctx.settings.demonstrate.overlap }),
    next: (ctx) =>
      claimOpenItem(ctx, {
        async pick(skip) {
          const { rows } = await ctx.client.query<{ id: string }>(PICK, [
            ctx.projectId,
            ctx.settings.demonstrate.overlap,
            ctx.userId,
            skip,
          ]);
          return rows[0]?.id ?? null;
        },
        async insert(itemId) {
          const { settings } = ctx;
          const values = [ctx.projectId, itemId, ctx.userId, settings.leaseMinutes, settings.taxonomyVersion, settings.demonstrate.overlap];
          const { rows } = await ctx.client.query<AssignmentRow>(INSERT, values);
          return rows[0] ?? null;
        },
      }),
  },
  submit: {
    async lock(client, key) {
      const { rows } = await client.query<LockedAssignment>(
        `SELECT a.id, a.status, a."itemId", a.slot, a."leaseExpiresAt", p.settings FROM assignments a JOIN projects p ON p.id = a."projectId"
         WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DEMONSTRATE'
         FOR UPDATE OF a`,
        [key.assignmentId, key.userId, key.projectId],
      );
      return rows[0] ?? null;
    },
    async stored(client, row) {
      const stored = await typed(client).selectFrom('demonstrations').select('id').where('assignmentId', '=', row.id).executeTakeFirst();
      return stored ? { demonstrationId: stored.id, duplicate: true } : null;
    },
    async validate({ settings }, _row, input) {
      const { minLength, maxLength } = settings.demonstrate;
      const length = input.text.trim().length;
      if (length < minLength)
        throw new AppError('INVALID_INPUT', `A demonstration is at least ${minLength} characters (this one has ${length})`, {
          text: [`At least ${minLength} characters`],
        });
      if (input.text.length > maxLength)
        throw new AppError('INVALID_INPUT', `A demonstration is at most ${maxLength} characters (this one has ${input.text.length})`, {
          text: [`At most ${maxLength} characters`],
        });
      return null;
    },
    slot: ({ client, settings }, row) =>
      retakeItemSlot(client, {
        kind: 'DEMONSTRATE',
        assignmentId: row.id,
        itemId: row.itemId,
        slot: row.slot,
        lapsed: false,
        overlap: settings.demonstrate.overlap,
        full: 'This item already has all its demonstrations; your text was not saved as one',
      }),
    async insert({ client, projectId, userId }, row, input) {
      const inserted = await typed(client)
        .insertInto('demonstrations')
        .values({
          assignmentId: row.id,
          projectId,
          itemId: row.itemId,
          userId,
          text: input.text,
          durationMs: input.activeMs,
          locale: input.locale ?? null,
        })
        .returning('id')
        .executeTakeFirst();
      const id = inserted?.id;
      if (!id) throw new Error('demonstration insert returned no row');
      return { demonstrationId: id, duplicate: false };
    },
  },
  view: getDemonstrationTask,
};

/** The next demonstration for the labeler (the engine's claim, lib/tasks/claim.ts). */
export function claimDemonstrationTask(options: { projectId: string; userId: string }): Promise<ClaimedTask | null> {
  return claimTask(DEMONSTRATE, options);
}

/**
 * Submits a demonstration on the labeler's DEMONSTRATE assignment (the engine's submit). A retried
 * submit returns the first result; text outside the project's min/max length is refused with a
 * message; a lapsed assignment may still submit while the item has a free demonstration slot.
 */
export function submitDemonstration(options: { userId: string; projectId: string; input: TSubmitDemonstration }): Promise<Result> {
  return submitTask(DEMONSTRATE, options);
}

/** Saves the labeler's unsubmitted demonstration text on their own DEMONSTRATE assignment (the engine's draft store). */
export function saveDemonstrationDraft(options: {
  userId: string;
  projectId: string;
  input: TSaveDemonstrationDraft;
}): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveTaskDraft(DEMONSTRATE, { userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
