import { getPgPool, typed } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { meanLikertSql } from '@/lib/judgments/counted-labels';
import { changedSpan, sameWords } from '@/lib/perturb/changed-span';
import {
  toFlawCategory,
  ZPerturbationDraft,
  type TPerturbationDraft,
  type TSavePerturbationDraft,
  type TSubmitPerturbation,
} from '@/lib/perturb/schemas';
import { routingSql } from '@/lib/pool/routing-sql';
import { claimTask, type ClaimedTask } from '@/lib/tasks/claim';
import { saveTaskDraft } from '@/lib/tasks/draft';
import type { AssignmentRow, LockedAssignment, TaskKindModule } from '@/lib/tasks/kind';
import { claimOpenItem, firstFreeSlot, resumeLapsedDraft, retakeItemSlot } from '@/lib/tasks/slots';
import { submitTask } from '@/lib/tasks/submit';
import type { RankingTaskView } from '@/lib/tasks/task-view';

/**
 * The perturb kind (PRODUCT §3.3): plant a flaw in a good response. Slots on the item bounded by
 * perturb.overlap; the source response chosen at claim (rotating by slot) and kept in
 * assignments.sourceResponseId; the changed span computed by diff at submit, never taken from the client.
 */

export type PerturbTaskView = {
  assignmentId: string;
  messages: RankingTaskView['messages'];
  /** The source response's text only: never its model id or metadata. */
  sourceText: string;
  draft: TPerturbationDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
};

type Result = { perturbationId: string; duplicate: boolean };
type Locked = LockedAssignment & { sourceResponseId: string | null; sourceText: string | null };
type Span = NonNullable<ReturnType<typeof changedSpan>>;

/**
 * The item's responses a labeler ($2) may plant a flaw in, in a fixed order: those a lead marked
 * as sources; when none is marked and $3 is not null, those whose mean Likert over counted labels
 * (lib/judgments/counted-labels.ts: excluded labelers' scores never count) is at least $3. Never a
 * response the labeler wrote. $1 is the item.
 */
const SOURCES = `SELECT r.id FROM responses r
  WHERE r."itemId" = $1 AND r."authorId" IS DISTINCT FROM $2
    AND (r."perturbSource"
         OR ($3::float8 IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM responses m WHERE m."itemId" = r."itemId" AND m."perturbSource")
             AND ${meanLikertSql({ response: 'r.id', project: '(SELECT si."projectId" FROM items si WHERE si.id = $1)' })} >= $3::float8))
  ORDER BY r."createdAt", r.id`;

// Open to this labeler: not perturbed, skipped or held by them; fewer held PERTURB slots than the
// overlap (re-checked on the locked row); at least one source for them; their profile meets the
// routing requirements (lib/pool/routing-sql.ts). In progress first, then priority and age.
const PICK = `SELECT i.id FROM items i
  WHERE i."projectId" = $1
    AND (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'PERTURB' AND a.slot IS NOT NULL) < $2
    AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = i.id AND mine."userId" = $3 AND mine.kind = 'PERTURB' AND mine.status <> 'EXPIRED')
    AND i.id <> ALL($4::uuid[])
    AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
    AND EXISTS (SELECT 1 FROM responses r
                WHERE r."itemId" = i.id AND r."authorId" IS DISTINCT FROM $3
                  AND (r."perturbSource"
                       OR ($5::float8 IS NOT NULL
                           AND NOT EXISTS (SELECT 1 FROM responses m WHERE m."itemId" = i.id AND m."perturbSource")
                           AND ${meanLikertSql({ response: 'r.id', project: '$1' })} >= $5::float8)))
  ORDER BY (SELECT count(*) FROM assignments a WHERE a."itemId" = i.id AND a.kind = 'PERTURB' AND a.slot IS NOT NULL) DESC, i.priority DESC, i."createdAt"
  LIMIT 1
  FOR UPDATE OF i SKIP LOCKED`;

/** The labeler's view of one of their open PERTURB assignments, or null. */
export async function getPerturbTask(options: {
  assignmentId: string;
  userId: string;
  projectId: string;
}): Promise<PerturbTaskView | null> {
  const { rows } = await getPgPool().query<{
    id: string;
    draft: unknown;
    draftSavedAt: Date | null;
    leaseExpiresAt: Date;
    messages: RankingTaskView['messages'];
    sourceText: string;
  }>(
    `SELECT a.id, a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages, r.text AS "sourceText"
     FROM assignments a JOIN items i ON i.id = a."itemId" JOIN responses r ON r.id = a."sourceResponseId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'PERTURB' AND a.status IN ('ACTIVE', 'EXPIRED')`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const draft = row.draft === null ? null : ZPerturbationDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    sourceText: row.sourceText,
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  };
}

export const PERTURB: TaskKindModule<TSubmitPerturbation, Locked, Span, Result, PerturbTaskView> = {
  kind: 'PERTURB',
  weight: (settings) => settings.taskMix.perturb,
  claim: {
    resume: (ctx) => resumeLapsedDraft(ctx, { kind: 'PERTURB', overlap: ctx.settings.perturb.overlap }),
    next(ctx) {
      const { client, projectId, userId, settings } = ctx;
      return claimOpenItem(ctx, {
        async pick(skip) {
          const { rows } = await client.query<{ id: string }>(PICK, [
            projectId,
            settings.perturb.overlap,
            userId,
            skip,
            settings.perturb.sourceMinLikert,
          ]);
          return rows[0]?.id ?? null;
        },
        async insert(itemId) {
          const slot = await firstFreeSlot(client, { kind: 'PERTURB', itemId, overlap: settings.perturb.overlap });
          if (slot === null) return null;
          const sources = (await client.query<{ id: string }>(SOURCES, [itemId, userId, settings.perturb.sourceMinLikert])).rows;
          if (sources.length === 0) return null;
          // Rotating by slot spreads an item's perturbations over its sources.
          const sourceId = sources[slot % sources.length]?.id;
          // An expired assignment of this labeler on the item (no draft) is renewed in place, with the new source.
          const { rows } = await client.query<AssignmentRow>(
            `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot, "sourceResponseId")
             VALUES ($1, $2, $3, 'PERTURB', 'ACTIVE', now() + make_interval(mins => $4), ARRAY[$7::text], $5, $6, $7::uuid)
             ON CONFLICT ("itemId", "userId", kind) DO UPDATE SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot,
               "sourceResponseId" = EXCLUDED."sourceResponseId", "shownOrder" = EXCLUDED."shownOrder"
             RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder"`,
            [projectId, itemId, userId, settings.leaseMinutes, settings.taxonomyVersion, slot, sourceId],
          );
          return rows[0] ?? null;
        },
      });
    },
  },
  submit: {
    async lock(client, key) {
      const { rows } = await client.query<Locked>(
        `SELECT a.id, a.status, a."itemId", a.slot, a."leaseExpiresAt", a."sourceResponseId", r.text AS "sourceText", p.settings
         FROM assignments a JOIN projects p ON p.id = a."projectId" LEFT JOIN responses r ON r.id = a."sourceResponseId"
         WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'PERTURB'
         FOR UPDATE OF a`,
        [key.assignmentId, key.userId, key.projectId],
      );
      return rows[0] ?? null;
    },
    async stored(client, row) {
      const stored = await typed(client).selectFrom('perturbations').select('id').where('assignmentId', '=', row.id).executeTakeFirst();
      return stored ? { perturbationId: stored.id, duplicate: true } : null;
    },
    async validate(_ctx, row, input) {
      if (row.sourceResponseId === null || row.sourceText === null) throw new AppError('CONFLICT', 'The response of this task is gone');
      // A text unchanged, or changed only in whitespace, plants nothing.
      const span = sameWords(row.sourceText, input.flawedText) ? null : changedSpan(row.sourceText, input.flawedText);
      if (!span)
        throw new AppError('INVALID_INPUT', 'flawedText: the text is unchanged; plant a flaw by editing it', {
          flawedText: ['Unchanged: edit the text to plant a flaw'],
        });
      return span;
    },
    slot: ({ client, settings }, row) =>
      retakeItemSlot(client, {
        kind: 'PERTURB',
        assignmentId: row.id,
        itemId: row.itemId,
        slot: row.slot,
        lapsed: false,
        overlap: settings.perturb.overlap,
        full: 'This item already has all its perturbations; yours was not saved',
      }),
    async insert({ client, projectId, userId }, row, input, { checked: span }) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO perturbations ("projectId", "itemId", "responseId", "assignmentId", "authorId", "flawedText", description, category, severity, "missableBecause",
                                    "flawedStart", "flawedEnd", "originalStart", "originalEnd", "durationMs", locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::"FlawCategory", $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
        [
          projectId,
          row.itemId,
          row.sourceResponseId,
          row.id,
          userId,
          input.flawedText,
          input.description,
          toFlawCategory(input.category),
          input.severity,
          input.missableBecause,
          span.flawedStart,
          span.flawedEnd,
          span.originalStart,
          span.originalEnd,
          input.activeMs,
          input.locale ?? null,
        ],
      );
      const id = rows[0]?.id;
      if (!id) throw new Error('perturbation insert returned no row');
      return { perturbationId: id, duplicate: false };
    },
  },
  view: getPerturbTask,
};

/** The next perturb task for the labeler (the engine's claim, lib/tasks/claim.ts); the source is chosen now, rotating by slot. */
export function claimPerturbTask(options: { projectId: string; userId: string }): Promise<ClaimedTask | null> {
  return claimTask(PERTURB, options);
}

/**
 * Submits a perturbation on the labeler's PERTURB assignment (the engine's submit). A text that is
 * unchanged (or changed only in whitespace) is refused naming `flawedText`; a lapsed assignment
 * may still submit while the item has a free PERTURB slot.
 */
export function submitPerturbation(options: { userId: string; projectId: string; input: TSubmitPerturbation }): Promise<Result> {
  return submitTask(PERTURB, options);
}

/** Saves the labeler's unsubmitted perturbation (text and flaw fields) on their own PERTURB assignment (the engine's draft store). */
export function savePerturbationDraft(options: {
  userId: string;
  projectId: string;
  input: TSavePerturbationDraft;
}): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveTaskDraft(PERTURB, { userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
