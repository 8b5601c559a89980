import type { PoolClient } from 'pg';
import { getPgPool } from '@/lib/db';
import { cellArm, cellVariant, CELLS } from '@/lib/detect/cells';
import { findShownCritiques } from '@/lib/detect/find-shown-critiques';
import { drawNoticedOrder } from '@/lib/detect/noticed-order';
import { ZDetectDraft, type TDetectDraft, type TSaveDetectDraft, type TSubmitDetectTrial } from '@/lib/detect/schemas';
import { scoreTrial } from '@/lib/detect/score-span';
import { AppError } from '@/lib/errors';
import { routingSql } from '@/lib/pool/routing-sql';
import { claimTask, type ClaimedTask } from '@/lib/tasks/claim';
import { saveTaskDraft } from '@/lib/tasks/draft';
import type { AssignmentRow, ClaimContext, LockedAssignment, TaskKindModule } from '@/lib/tasks/kind';
import { submitTask } from '@/lib/tasks/submit';
import type { RankingTaskView } from '@/lib/tasks/task-view';

/**
 * The detect kind (PRODUCT §3.4): say whether ONE text (original or with a planted flaw) has a
 * flaw, with or without critiques. Its slots are not on the item but on the accepted perturbation
 * (detect_trials.slot, slot ≡ cell mod 4), balanced per labeler in blocks of the four cells; its
 * submit takes the labeler's claim lock, since it fills the block the claim balances.
 */

/**
 * Everything the detect screen receives, and nothing more (PRODUCT §1, §3.4): the conversation,
 * ONE text and, in the assisted arm, the critiques of exactly that text. Never the model id, which
 * variant the text is, the planted flaw, the other text, nor who wrote what.
 */
export type DetectTaskView = {
  assignmentId: string;
  messages: RankingTaskView['messages'];
  text: string;
  assisted: boolean;
  /** Assisted arm only; in a stable order. */
  critiques: { id: string; text: string }[];
  draft: TDetectDraft | null;
  draftSavedAt: string | null;
  leaseExpiresAt: string;
};

type ViewRow = {
  id: string;
  draft: unknown;
  draftSavedAt: Date | null;
  leaseExpiresAt: Date;
  messages: RankingTaskView['messages'];
  variant: 'ORIGINAL' | 'FLAWED';
  arm: 'UNASSISTED' | 'ASSISTED';
  perturbationId: string;
  responseId: string;
  text: string;
};

/** The labeler's view of one of their open DETECT assignments, or null. */
export async function getDetectTask(options: { assignmentId: string; userId: string; projectId: string }): Promise<DetectTaskView | null> {
  const pool = getPgPool();
  const { rows } = await pool.query<ViewRow>(
    `SELECT a.id, a.draft, a."draftSavedAt", a."leaseExpiresAt", i.messages, t.variant, t.arm, t."perturbationId", t."responseId",
            CASE WHEN t.variant = 'FLAWED' THEN p."flawedText" ELSE r.text END AS text
     FROM assignments a
     JOIN detect_trials t ON t."assignmentId" = a.id
     JOIN items i ON i.id = a."itemId"
     JOIN perturbations p ON p.id = t."perturbationId"
     JOIN responses r ON r.id = t."responseId"
     WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DETECT' AND a.status IN ('ACTIVE', 'EXPIRED') AND t."submittedAt" IS NULL`,
    [options.assignmentId, options.userId, options.projectId],
  );
  const row = rows[0];
  if (!row) return null;
  const critiques =
    row.arm === 'ASSISTED'
      ? await findShownCritiques({ variant: row.variant, responseId: row.responseId, perturbationId: row.perturbationId })
      : [];
  const draft = row.draft === null ? null : ZDetectDraft.safeParse(row.draft);
  return {
    assignmentId: row.id,
    messages: row.messages,
    text: row.text,
    assisted: row.arm === 'ASSISTED',
    critiques,
    draft: draft?.success ? draft.data : null,
    draftSavedAt: row.draftSavedAt?.toISOString() ?? null,
    leaseExpiresAt: row.leaseExpiresAt.toISOString(),
  };
}

/**
 * Perturbations open to the labeler ($2): accepted; critiques of both texts (so all four cells can
 * be shown); not written by them, nor is the original; no trial of theirs on the source response
 * (any perturbation of it); no PERTURB or DETECT assignment of theirs on the item, and no
 * perturbation of theirs there; their profile meets the item's and the project's routing
 * requirements (lib/pool/routing-sql.ts). $1 project. The labeler's own rows are read once each (hashed
 * NOT IN), so the cost grows with the sources, not with sources × trials.
 */
const ELIGIBLE = `
  SELECT p.id, p."responseId", p."itemId", p."createdAt" FROM perturbations p
  WHERE p."projectId" = $1 AND p.status = 'ACCEPTED' AND p."authorId" IS DISTINCT FROM $2
    AND EXISTS (SELECT 1 FROM critiques c WHERE c."responseId" = p."responseId" AND c."perturbationId" IS NULL)
    AND EXISTS (SELECT 1 FROM critiques c WHERE c."perturbationId" = p.id)
    AND NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = p."responseId" AND r."authorId" = $2)
    AND p."responseId" NOT IN (SELECT t."responseId" FROM detect_trials t WHERE t."userId" = $2)
    AND p."itemId" NOT IN (SELECT a."itemId" FROM assignments a WHERE a."projectId" = $1 AND a."userId" = $2 AND a.kind IN ('PERTURB', 'DETECT'))
    AND p."itemId" NOT IN (SELECT q."itemId" FROM perturbations q WHERE q."projectId" = $1 AND q."authorId" = $2)
    AND EXISTS (SELECT 1 FROM items i WHERE i.id = p."itemId" AND ${routingSql({ item: 'i', user: '$2', project: '$1' })})`;

type Source = { id: string; responseId: string; itemId: string; held: number[]; total: number };

/** The labeler's current block (floor of submitted trials / 4) and the cells still needed in it. */
async function neededCells(client: PoolClient, projectId: string, userId: string): Promise<{ block: number; needed: number[] }> {
  const { rows } = await client.query<{ submitted: number; cells: number[] }>(
    `WITH mine AS (SELECT count(*)::int AS n FROM detect_trials WHERE "projectId" = $1 AND "userId" = $2 AND "submittedAt" IS NOT NULL)
     SELECT mine.n AS submitted,
            ARRAY(SELECT cell FROM detect_trials WHERE "projectId" = $1 AND "userId" = $2 AND "submittedAt" IS NOT NULL AND block = mine.n / 4) AS cells
     FROM mine`,
    [projectId, userId],
  );
  const submitted = rows[0]?.submitted ?? 0;
  const done = new Set(rows[0]?.cells ?? []);
  return { block: Math.floor(submitted / 4), needed: CELLS.filter((c) => !done.has(c)) };
}

/** The lowest free balance slot of `cell` on the perturbation (slot ≡ cell mod 4, below the bound); null when the cell is full. */
async function firstFreeTrialSlot(
  client: PoolClient,
  perturbationId: string,
  cell: number,
  trialsPerSource: number,
): Promise<number | null> {
  const { rows } = await client.query<{ s: number }>(
    `SELECT s FROM generate_series($2::int, $3::int - 1, 4) s
     WHERE NOT EXISTS (SELECT 1 FROM detect_trials t WHERE t."perturbationId" = $1 AND t.slot = s) ORDER BY s LIMIT 1`,
    [perturbationId, cell, trialsPerSource],
  );
  return rows[0]?.s ?? null;
}

/** A lapsed trial of the labeler with a draft, renewed with a fresh lease when its cell is still needed and has a free slot. */
async function renewLapsed(
  client: PoolClient,
  o: { projectId: string; userId: string; block: number; needed: number[]; trialsPerSource: number; leaseMinutes: number },
): Promise<AssignmentRow | null> {
  const { rows } = await client.query<{ trialId: string; assignmentId: string; perturbationId: string; cell: number }>(
    `SELECT t.id AS "trialId", a.id AS "assignmentId", t."perturbationId", t.cell FROM assignments a JOIN detect_trials t ON t."assignmentId" = a.id
     WHERE a."projectId" = $1 AND a."userId" = $2 AND a.kind = 'DETECT' AND a.status = 'EXPIRED' AND a.draft IS NOT NULL
       AND t."submittedAt" IS NULL AND t.cell = ANY($3::int[])
     ORDER BY a."draftSavedAt" DESC NULLS LAST LIMIT 1`,
    [o.projectId, o.userId, o.needed],
  );
  const lapsed = rows[0];
  if (!lapsed) return null;
  const locked = await client.query(`SELECT id FROM perturbations WHERE id = $1 AND status = 'ACCEPTED' FOR UPDATE SKIP LOCKED`, [
    lapsed.perturbationId,
  ]);
  if (!locked.rows[0]) return null;
  const slot = await firstFreeTrialSlot(client, lapsed.perturbationId, lapsed.cell, o.trialsPerSource);
  if (slot === null) return null;
  await client.query(`UPDATE detect_trials SET slot = $2, block = $3 WHERE id = $1`, [lapsed.trialId, slot, o.block]);
  const renewed = await client.query<AssignmentRow>(
    `UPDATE assignments SET status = 'ACTIVE', "leaseExpiresAt" = now() + make_interval(mins => $2) WHERE id = $1 RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder"`,
    [lapsed.assignmentId, o.leaseMinutes],
  );
  return renewed.rows[0] ?? null;
}

export type DetectSubmitResult = {
  trialId: string;
  duplicate: boolean;
  /** Assisted and "yes, a flaw": the screen then asks whether they would have noticed it without the critiques. */
  askWouldHaveNoticed: boolean;
  /** The order to show that question's two answers in (true = "yes" first), drawn and stored at submit; null when not asked. */
  noticedYesFirst: boolean | null;
};

type TrialRow = LockedAssignment & {
  trialId: string;
  perturbationId: string;
  responseId: string;
  variant: 'ORIGINAL' | 'FLAWED';
  arm: 'UNASSISTED' | 'ASSISTED';
  cell: number;
  slot: number | null;
  submittedAt: Date | null;
  saysFlawed: boolean | null;
  noticedYesFirst: boolean | null;
  text: string;
  flawedStart: number;
  flawedEnd: number;
};

function invalid(field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', message, { [field]: [message] });
}

/** The span lies in the shown text; the critique marks name exactly the critiques shown (none in the unassisted arm). */
async function validate(client: PoolClient, row: TrialRow, input: TSubmitDetectTrial): Promise<void> {
  if (input.span && input.span.end > row.text.length)
    throw invalid('span', `The selected span ends at ${input.span.end}, past the end of the text (${row.text.length} characters)`);
  const shown = row.arm === 'ASSISTED' ? await findShownCritiques(row, client) : [];
  const marked = input.critiqueMarks.map((m) => m.critiqueId);
  if (new Set(marked).size !== marked.length) throw invalid('critiqueMarks', 'A critique is marked twice');
  if (row.arm === 'UNASSISTED' && marked.length > 0)
    throw invalid('critiqueMarks', 'No critiques were shown in this task, so none can be marked');
  const ids = new Set(shown.map((c) => c.id));
  const unknown = marked.find((id) => !ids.has(id));
  if (unknown) throw invalid('critiqueMarks', 'A marked critique was not shown in this task');
  if (marked.length !== shown.length)
    throw invalid(
      'critiqueMarks',
      `Mark each of the ${shown.length} critiques helpful or not helpful (${shown.length - marked.length} unmarked)`,
    );
}

/**
 * A lapsed trial (its slot was given back) counts only if its cell can be taken again on the
 * source and its block still needs that cell, and while the labeler holds no live task (a trial
 * handed out meanwhile was balanced without this one). Under the labeler's claim lock.
 */
async function retakeSlot(
  client: PoolClient,
  o: { projectId: string; userId: string; row: TrialRow; trialsPerSource: number },
): Promise<number> {
  const live = await client.query(
    `SELECT 1 FROM assignments WHERE "projectId" = $1 AND "userId" = $2 AND status = 'ACTIVE' AND "leaseExpiresAt" >= now() LIMIT 1`,
    [o.projectId, o.userId],
  );
  if (live.rows[0])
    throw new AppError('CONFLICT', 'This task expired and you have another task open now. Finish that one; this one was not counted.');
  await client.query(`SELECT id FROM perturbations WHERE id = $1 FOR UPDATE`, [o.row.perturbationId]);
  const slot = await firstFreeTrialSlot(client, o.row.perturbationId, o.row.cell, o.trialsPerSource);
  if (slot === null)
    throw new AppError(
      'CONFLICT',
      'This task expired and the response has had all its trials of this kind since. Your answers were not counted.',
    );
  return slot;
}

/** The labeler's current block and the cells it still needs, read once per claim. */
const blocks = new WeakMap<ClaimContext, Promise<{ block: number; needed: number[] }>>();
function blockOf(ctx: ClaimContext): Promise<{ block: number; needed: number[] }> {
  let found = blocks.get(ctx);
  if (!found) blocks.set(ctx, (found = neededCells(ctx.client, ctx.projectId, ctx.userId)));
  return found;
}

export const DETECT: TaskKindModule<TSubmitDetectTrial, TrialRow, null, DetectSubmitResult, DetectTaskView> = {
  kind: 'DETECT',
  weight: (settings) => settings.taskMix.detect,
  claim: {
    // A lapsed trial with a draft whose cell the block still needs and which has a free slot.
    async resume(ctx) {
      const { block, needed } = await blockOf(ctx);
      const { projectId, userId, settings } = ctx;
      return renewLapsed(ctx.client, {
        projectId,
        userId,
        block,
        needed,
        trialsPerSource: settings.detect.trialsPerSource,
        leaseMinutes: settings.leaseMinutes,
      });
    },
    /**
     * Balance is blocked per labeler: the cell is drawn at random among the cells their current
     * block of four still needs that some eligible source has a free slot of, and the source's
     * lowest free slot of that cell is taken (slot ≡ cell mod 4, so each source gets each cell
     * equally often when full). Strict: null when no needed cell is available anywhere.
     */
    async next(ctx) {
      const { client, projectId, userId, settings } = ctx;
      const { trialsPerSource } = settings.detect;
      const { block, needed } = await blockOf(ctx);
      // Every eligible source with its held slots per cell, in one statement; the choice is made here.
      const perCell = trialsPerSource / 4;
      // Named, so each connection plans it once.
      const { rows: sources } = await client.query<Source>({
        name: 'detect-claim-sources',
        text: `WITH held AS (
           SELECT t."perturbationId" AS id, count(*) FILTER (WHERE t.cell = 0)::int AS c0, count(*) FILTER (WHERE t.cell = 1)::int AS c1,
                  count(*) FILTER (WHERE t.cell = 2)::int AS c2, count(*) FILTER (WHERE t.cell = 3)::int AS c3, count(*)::int AS total
           FROM detect_trials t WHERE t."projectId" = $1 AND t.slot IS NOT NULL GROUP BY t."perturbationId")
         SELECT e.id, e."responseId", e."itemId", ARRAY[coalesce(h.c0, 0), coalesce(h.c1, 0), coalesce(h.c2, 0), coalesce(h.c3, 0)] AS held, coalesce(h.total, 0) AS total
         FROM (${ELIGIBLE}) e LEFT JOIN held h ON h.id = e.id
         ORDER BY e."createdAt", e.id`,
        values: [projectId, userId],
      });
      // Cells the block still needs that some source has a free slot of; one drawn at random.
      const cells = needed.filter((c) => sources.some((s) => s.held[c]! < perCell));
      while (cells.length > 0) {
        const index = Math.min(cells.length - 1, Math.floor(ctx.random() * cells.length));
        const cell = cells[index]!;
        // Fullest sources first (finish what is started), then age (a stable sort keeps it).
        const open = sources.filter((s) => s.held[cell]! < perCell).sort((a, b) => b.total - a.total);
        for (const source of open.slice(0, 8)) {
          // Locked SKIP LOCKED so claimers never queue; the slot is read after the lock, so it sees every committed taker.
          const locked = await client.query(`SELECT id FROM perturbations WHERE id = $1 AND status = 'ACCEPTED' FOR UPDATE SKIP LOCKED`, [
            source.id,
          ]);
          if (!locked.rows[0]) continue;
          const slot = await firstFreeTrialSlot(client, source.id, cell, trialsPerSource);
          if (slot === null) continue;
          // The assignment and its trial in one statement.
          const inserted = await client.query<AssignmentRow>(
            `WITH a AS (
               INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
               VALUES ($1::uuid, $2::uuid, $3::uuid, 'DETECT', 'ACTIVE', now() + make_interval(mins => $4), ARRAY[$5::uuid::text], $6, NULL)
               RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder"
             ), t AS (
               INSERT INTO detect_trials ("assignmentId", "projectId", "itemId", "userId", "perturbationId", "responseId", variant, arm, cell, block, slot)
               SELECT a.id, $1::uuid, $2::uuid, $3::uuid, $7::uuid, $5::uuid, $8::"DetectVariant", $9::"DetectArm", $10, $11, $12 FROM a
             )
             SELECT * FROM a`,
            [
              projectId,
              source.itemId,
              userId,
              settings.leaseMinutes,
              source.responseId,
              settings.taxonomyVersion,
              source.id,
              cellVariant(cell),
              cellArm(cell),
              cell,
              block,
              slot,
            ],
          );
          return inserted.rows[0]!;
        }
        // Taken meanwhile or locked by other claimers: draw again among the other needed cells.
        cells.splice(index, 1);
      }
      return null;
    },
  },
  submit: {
    claimLock: true,
    async lock(client, key) {
      const { rows } = await client.query<TrialRow>(
        `SELECT a.id, a."itemId", a."leaseExpiresAt", a.status, t.id AS "trialId", t."perturbationId", t."responseId", t.variant, t.arm, t.cell, t.slot,
                t."submittedAt", t."saysFlawed", t."noticedYesFirst",
                CASE WHEN t.variant = 'FLAWED' THEN p."flawedText" ELSE r.text END AS text, p."flawedStart", p."flawedEnd", pr.settings
         FROM assignments a JOIN detect_trials t ON t."assignmentId" = a.id JOIN perturbations p ON p.id = t."perturbationId"
         JOIN responses r ON r.id = t."responseId" JOIN projects pr ON pr.id = a."projectId"
         WHERE a.id = $1 AND a."userId" = $2 AND a."projectId" = $3 AND a.kind = 'DETECT'
         FOR UPDATE OF a, t`,
        [key.assignmentId, key.userId, key.projectId],
      );
      return rows[0] ?? null;
    },
    async stored(_client, row) {
      if (!row.submittedAt) return null;
      const ask = row.arm === 'ASSISTED' && row.saysFlawed === true;
      return { trialId: row.trialId, duplicate: true, askWouldHaveNoticed: ask, noticedYesFirst: ask ? row.noticedYesFirst : null };
    },
    async validate({ client }, row, input) {
      await validate(client, row, input);
      return null;
    },
    // The trial's balance slot (on the perturbation, not the assignment).
    slotOnAssignment: false,
    slot: async ({ client, projectId, userId, settings }, row) =>
      row.slot ?? retakeSlot(client, { projectId, userId, row, trialsPerSource: settings.detect.trialsPerSource }),
    async insert({ client, projectId, userId, settings }, row, input, { slot }) {
      // The trial's block is set to the labeler's current one, whose cells it must still need (blocked balance).
      const { block, needed } = await neededCells(client, projectId, userId);
      if (!needed.includes(row.cell))
        throw new AppError(
          'CONFLICT',
          'This task expired and another task took its place in your current round. Your answers were not counted.',
        );
      const score = scoreTrial({
        variant: row.variant,
        saysFlawed: input.saysFlawed,
        highlight: input.span,
        planted: { start: row.flawedStart, end: row.flawedEnd },
        textLength: row.text.length,
        minOverlap: settings.detect.minSpanOverlap,
      });
      const ask = row.arm === 'ASSISTED' && input.saysFlawed;
      const find = row.variant === 'FLAWED' && score.foundIntended === true;
      const noticedYesFirst = ask ? await drawNoticedOrder(client, { projectId, userId, find }) : null;
      await client.query(
        `UPDATE detect_trials SET slot = $2, block = $3, likert = $4, "saysFlawed" = $5, "spanStart" = $6, "spanEnd" = $7, "flawDescription" = $8,
                "flawSeverity" = $9, "critiqueMarks" = $10, "durationMs" = $11, "spanOverlap" = $12, "foundIntended" = $13, "noticedYesFirst" = $14, "submittedAt" = now(),
                locale = $15
         WHERE id = $1`,
        [
          row.trialId,
          slot,
          block,
          input.likert,
          input.saysFlawed,
          input.span?.start ?? null,
          input.span?.end ?? null,
          input.saysFlawed ? input.description : null,
          input.severity,
          JSON.stringify(input.critiqueMarks),
          input.activeMs,
          score.spanOverlap,
          score.foundIntended,
          noticedYesFirst,
          input.locale ?? null,
        ],
      );
      return { trialId: row.trialId, duplicate: false, askWouldHaveNoticed: ask, noticedYesFirst };
    },
  },
  view: getDetectTask,
};

/** The next detect trial for the labeler (the engine's claim, lib/tasks/claim.ts; `random` draws the cell). */
export function claimDetectTask(options: { projectId: string; userId: string; random?: () => number }): Promise<ClaimedTask | null> {
  return claimTask(DETECT, options);
}

/**
 * Submits the answers of the labeler's DETECT trial and scores it (lib/detect/score-span.ts), through
 * the engine's submit. A repeated submit returns the first result. A lapsed trial may still submit
 * when its balance slot can be taken again (retakeSlot) and its block still needs its cell.
 */
export function submitDetectTrial(options: { userId: string; projectId: string; input: TSubmitDetectTrial }): Promise<DetectSubmitResult> {
  return submitTask(DETECT, options);
}

/** Saves the labeler's unsubmitted answers on their own DETECT assignment (the engine's draft store). */
export function saveDetectDraft(options: { userId: string; projectId: string; input: TSaveDetectDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveTaskDraft(DETECT, { userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
