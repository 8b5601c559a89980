import { randomUUID } from 'node:crypto';
import type { PoolClient, QueryResult } from 'pg';
import { countedLabelSql } from '@/lib/judgments/counted-labels';
import { recomputeItemStats } from '@/lib/judgments/recompute-item-stats';
import { ITEM_STATS_PREPARED, itemStatsStatements, lockedItemStatsLoad } from '@/lib/judgments/recompute-stats';
import { executeSql, sqlLiteral, typed, type Guard } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { checkAspectAnswers, type StoredAspectAnswer } from '@/lib/judgments/check-aspect-answers';
import { checkRanking } from '@/lib/judgments/check-ranking';
import { rankingWarnings } from '@/lib/judgments/ranking-warnings';
import { RESPONSE_LABELS, type TSaveDraft, type TSubmitRanking } from '@/lib/judgments/schemas';
import { routingSql } from '@/lib/pool/routing-sql';
import { claimTask, type ClaimedTask } from '@/lib/tasks/claim';
import { saveTaskDraft } from '@/lib/tasks/draft';
import { getRankingTask } from '@/lib/tasks/get-ranking-task';
import type { AssignmentRow, LockedAssignment, TaskKindModule } from '@/lib/tasks/kind';
import { claimOpenItem, freeSlotSql, resumeLapsedDraft, retakeItemSlot } from '@/lib/tasks/slots';
import { lit } from '@/lib/tasks/sql-literal';
import { submitTask } from '@/lib/tasks/submit';
import type { RankingTaskView } from '@/lib/tasks/task-view';
import { getTaxonomy } from '@/lib/taxonomy/get-taxonomy';

/**
 * The ranking kind (PRODUCT §3.1): rank the item's responses (ties allowed), with Likert scores,
 * flags and flaw spans. Slots on the item bounded by projects.overlap; gold items drawn first with
 * probability goldRate; the judgment feeds the dashboard's stats (recomputeItemStats).
 */

export type SubmitResult = { judgmentId: string; duplicate: boolean };

/** A parsed submit; callers inside the app may leave out restGroupedBelow (false). */
export type SubmitRankingInput = Omit<TSubmitRanking, 'restGroupedBelow'> & { restGroupedBelow?: boolean };

type Locked = LockedAssignment & {
  shownOrder: string[];
  taxonomyVersion: number;
  projectId: string;
  overlap: number;
  /** Whether the labeler is excluded from the project (their labels do not count: lib/judgments/counted-labels.ts). */
  labelExcluded: boolean;
  /** The hot path's stats load of the item, read in the opening right behind the item's lock. */
  statsLoad?: QueryResult;
};

/**
 * The first item open to the labeler among gold or other items, in the order of item_slots' index
 * (projectId, isGold, taken DESC, priority DESC, createdAt): fullest first, so items in progress
 * before untouched ones, then priority and age. Its item_slots row locked, SKIP LOCKED (the lock
 * every RANK slot taker takes: lib/tasks/slots.ts), so a claim writes nothing to items.
 */
function stage(gold: boolean): string {
  // Open to this labeler: not judged, skipped or held by them; no response of theirs; their profile
  // meets the item's and the project's requirements (lib/pool/routing-sql.ts). The slot
  // counter is re-checked on the locked row (READ COMMITTED re-evaluates it on the newest version).
  return `SELECT id FROM (
      SELECT s."itemId" AS id FROM item_slots s JOIN items i ON i.id = s."itemId"
      WHERE s."projectId" = $1 AND s."isGold" = ${gold} AND s.taken < $2 AND NOT i."awaitingResponses"
        AND NOT EXISTS (SELECT 1 FROM assignments mine WHERE mine."itemId" = s."itemId" AND mine."userId" = $3 AND mine.kind = 'RANK' AND mine.status <> 'EXPIRED')
        AND NOT EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = s."itemId" AND r."authorId" = $3)
        AND s."itemId" <> ALL($4::uuid[])
        AND ${routingSql({ item: 'i', user: '$3', project: '$1' })}
      ORDER BY s.taken DESC, s.priority DESC, s."createdAt"
      LIMIT 1
      FOR UPDATE OF s SKIP LOCKED FOR KEY SHARE OF i SKIP LOCKED) picked`;
}

// UNION ALL under LIMIT 1 runs the second stage only when the first found nothing. The picked item's
// id goes into a setting local to the transaction ('' when none) for the insert behind it.
const pickSql = (first: boolean) =>
  `SELECT set_config('preflab.claim_item', coalesce((${stage(first)} UNION ALL ${stage(!first)} LIMIT 1)::text, ''), true) AS "itemId"`;

// The assignment on the locked item, in its first free slot, responses in a shuffled order: a
// statement of its own after the pick's (the same round trip), so its snapshot is taken after the
// item's lock and sees every slot taker (each locks the item's item_slots row first). An expired assignment of
// this labeler on the item is renewed in place (the item is still theirs to do once). No row when
// the item turned out full or none was picked ($2 null). The new assignment's id goes into a setting
// local to the transaction, for the claim's finish behind it (CLAIMED_ASSIGNMENT).
const INSERT = `INSERT INTO assignments ("projectId", "itemId", "userId", kind, status, "leaseExpiresAt", "shownOrder", "taxonomyVersion", slot)
  SELECT $1::uuid, $2::uuid, $3::uuid, 'RANK', 'ACTIVE', now() + make_interval(mins => $4::int),
         ARRAY(SELECT r.id::text FROM responses r WHERE r."itemId" = $2::uuid ORDER BY random()), $5::int, free.s
  FROM (${freeSlotSql('RANK', '$2::uuid', '$6::int')}) free
  WHERE $2::uuid IS NOT NULL
  ON CONFLICT ("itemId", "userId", kind) DO UPDATE
    SET status = 'ACTIVE', "leaseExpiresAt" = EXCLUDED."leaseExpiresAt", slot = EXCLUDED.slot
  RETURNING id, "itemId", kind, "leaseExpiresAt", "shownOrder", set_config('preflab.claim_assignment', id::text, true) AS "claimed"`;

// PREPAREd with the claim's opening (once per connection), EXECUTEd by the claim's second round trip.
const CLAIM_PREPARED = {
  tx_rank_pick_gold_first: pickSql(true),
  tx_rank_pick_gold_last: pickSql(false),
  tx_rank_claim_insert: INSERT,
};

/** A whole number as SQL text (the claim's settings: lease minutes, taxonomy version, overlap). */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

/**
 * The labeler's ranking assignment locked FOR UPDATE, with its project's overlap and settings and whether the labeler's labels
 * count (three SQL expressions: parameters or literals).
 */
function lockSql(assignmentId: string, userId: string, projectId: string): string {
  return `SELECT a.id, a."projectId", a."itemId", a.status, a.slot, a."shownOrder", a."taxonomyVersion", p.overlap, a."leaseExpiresAt", p.settings,
            NOT ${countedLabelSql({ user: 'a."userId"', project: 'a."projectId"' })} AS "labelExcluded"
     FROM assignments a JOIN projects p ON p.id = a."projectId"
     WHERE a.id = ${assignmentId} AND a."userId" = ${userId} AND a."projectId" = ${projectId} FOR UPDATE OF a`;
}

// The judgment and its ratings in one statement (arrays and ratings as JSON: the values go in as literals). Its id ($13) is
// the submit's own: the stats written in the same round trip already count the judgment.
const INSERT_JUDGMENT = `WITH j AS (
    INSERT INTO judgments (id, "assignmentId", "itemId", "userId", ranking, "allUnacceptable", "restGroupedBelow", "promptFlags", "taxonomyVersion",
                           "durationMs", warnings, locale)
    VALUES ($13::uuid, $1::uuid, $2::uuid, $3::uuid, $4::jsonb, $5::boolean, $6::boolean, ARRAY(SELECT jsonb_array_elements_text($7::jsonb)), $8::int, $9::int,
            ARRAY(SELECT jsonb_array_elements_text($10::jsonb)), $11::text)
    RETURNING id),
  r AS (
    INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags, flaws)
    SELECT j.id, x."responseId", x.likert, ARRAY(SELECT jsonb_array_elements_text(x.flags)), x.flaws
    FROM j CROSS JOIN jsonb_to_recordset($12::jsonb) AS x("responseId" uuid, likert int, flags jsonb, flaws jsonb))
  SELECT id FROM j`;

// With aspects (issue 27): the same statement and one more insert, the answers as JSON ($14), so the submit keeps its round trips.
const INSERT_JUDGMENT_ASPECTS = INSERT_JUDGMENT.replace(
  '\n  SELECT id FROM j',
  `,
  asp AS (
    INSERT INTO judgment_aspects ("judgmentId", aspect, description, "sameAsOverall", ranking)
    SELECT j.id, x.aspect, x.description, x."sameAsOverall", x.ranking
    FROM j CROSS JOIN jsonb_to_recordset($14::jsonb) AS x(aspect text, description text, "sameAsOverall" boolean, ranking jsonb))
  SELECT id FROM j`,
);

const SUBMIT_PREPARED = {
  tx_rank_lock: lockSql('$1::uuid', '$2::uuid', '$3::uuid'),
  tx_rank_stored: `SELECT id FROM judgments WHERE "assignmentId" = $1::uuid`,
  // The stats recompute's item lock (recomputeStats takes the same), taken after the assignment's as every submit does.
  // It names the item as recomputed by this transaction: its judgment insert then leaves item_stats to the
  // recompute instead of marking it stale first (the trigger item_stats_mark_stale; setting local to the transaction).
  tx_rank_lock_item: `SELECT set_config('preflab.stats_recomputed_item', i.id::text, true)
    FROM items i JOIN assignments a ON a."itemId" = i.id WHERE a.id = $1::uuid AND a."userId" = $2::uuid FOR NO KEY UPDATE OF i`,
  tx_rank_insert: INSERT_JUDGMENT,
  tx_rank_insert_aspects: INSERT_JUDGMENT_ASPECTS,
  ...ITEM_STATS_PREPARED,
};

/** The warnings stored with a ranking: those the screen showed and the labeler submitted through, or for an API client those that apply. */
function storedWarnings(input: SubmitRankingInput, row: Locked): string[] {
  const applicable = rankingWarnings({
    ranking: input.ranking,
    allUnacceptable: input.allUnacceptable,
    likert: Object.fromEntries(input.ratings.map((r) => [r.responseId, r.likert])),
    shownOrder: row.shownOrder,
  });
  // The screen says which warnings it showed and the labeler submitted through (only those that
  // apply are kept); an API client is shown nothing, so it gets the ones that apply.
  return input.confirmedWarnings ? applicable.filter((w) => input.confirmedWarnings?.includes(w)) : applicable;
}

/**
 * Why the ratings do not fit the task, or null: each response rated at most once, flags from the
 * assignment's taxonomy version, flaw spans inside the response text. Responses are named by
 * the letter the labeler saw.
 */
async function checkRatings(
  client: PoolClient,
  input: SubmitRankingInput,
  a: { projectId: string; shownOrder: string[]; taxonomyVersion: number },
): Promise<string | null> {
  const letter = (id: string) => RESPONSE_LABELS[a.shownOrder.indexOf(id)] ?? '?';
  const seen = new Set<string>();
  for (const rating of input.ratings) {
    if (!a.shownOrder.includes(rating.responseId)) return 'A rating names a response that is not in this task';
    if (seen.has(rating.responseId)) return `Response ${letter(rating.responseId)} is rated twice`;
    seen.add(rating.responseId);
  }
  // Flags are checked against the assignment's taxonomy; with none to check it is not read (one round trip fewer).
  const flagged = input.promptFlags.length > 0 || input.ratings.some((r) => r.flags.length > 0);
  const taxonomy = flagged
    ? await getTaxonomy({ projectId: a.projectId, version: a.taxonomyVersion, client })
    : { responseFlags: [], promptFlags: [] };
  const responseFlags = new Set(taxonomy.responseFlags.map((f) => f.key));
  const promptFlags = new Set(taxonomy.promptFlags.map((f) => f.key));
  for (const rating of input.ratings) {
    const unknown = rating.flags.find((flag) => !responseFlags.has(flag));
    if (unknown) return `Response ${letter(rating.responseId)}: "${unknown}" is not a flag of taxonomy version ${a.taxonomyVersion}`;
  }
  const unknownPrompt = input.promptFlags.find((flag) => !promptFlags.has(flag));
  if (unknownPrompt) return `"${unknownPrompt}" is not a prompt flag of taxonomy version ${a.taxonomyVersion}`;
  const withFlaws = input.ratings.filter((r) => r.flaws.length > 0);
  if (withFlaws.length > 0) {
    // Offsets are UTF-16 code units, as the browser counts them: measure the text the same way.
    const texts = await client.query<{ id: string; text: string }>(`SELECT id, text FROM responses WHERE id = ANY($1::uuid[])`, [
      withFlaws.map((r) => r.responseId),
    ]);
    const length = new Map(texts.rows.map((r) => [r.id, r.text.length]));
    for (const rating of withFlaws) {
      const max = length.get(rating.responseId) ?? 0;
      const outside = rating.flaws.find((f) => f.end > max);
      if (outside)
        return `Response ${letter(rating.responseId)}: the flaw span ${outside.start}–${outside.end} is outside its text (${max} characters)`;
    }
  }
  return null;
}

export const RANK: TaskKindModule<SubmitRankingInput, Locked, StoredAspectAnswer[], SubmitResult, RankingTaskView> = {
  kind: 'RANK',
  weight: (settings) => settings.taskMix.rank,
  claim: {
    resume: (ctx) => resumeLapsedDraft(ctx, { kind: 'RANK', overlap: ctx.projectOverlap }),
    prepared: CLAIM_PREPARED,
    // With probability goldRate a gold item first; then items in progress (fewest open slots first), then priority and age.
    async next(ctx) {
      const { client, projectId, userId, settings } = ctx;
      const preferGold = ctx.random() < settings.goldRate;
      const [p, u] = [lit(projectId), lit(userId)];
      return claimOpenItem(ctx, {
        // Pick and insert in one round trip; the insert reads the picked item from the pick's setting.
        // With the claim's finish (its payload read) and COMMIT behind them when the claim gives one.
        async take(skip) {
          const skipped = `ARRAY[${skip.map(lit).join(', ')}]::uuid[]`;
          const picked = `nullif(current_setting('preflab.claim_item'), '')::uuid`;
          const sql = [
            executeSql(CLAIM_PREPARED, preferGold ? 'tx_rank_pick_gold_first' : 'tx_rank_pick_gold_last', [
              p,
              int(ctx.projectOverlap),
              u,
              skipped,
            ]),
            executeSql(CLAIM_PREPARED, 'tx_rank_claim_insert', [
              p,
              picked,
              u,
              int(settings.leaseMinutes),
              int(settings.taxonomyVersion),
              int(ctx.projectOverlap),
            ]),
            ...(ctx.finish ? [ctx.finish.sql, 'COMMIT'] : []),
          ].join(';\n');
          const results = (await client.query(sql)) as unknown as QueryResult[];
          const [pick, insert] = results as [QueryResult<{ itemId: string }>, QueryResult<AssignmentRow>];
          if (ctx.finish) ctx.finish.results = results.slice(2, -1);
          return { itemId: pick.rows[0]?.itemId || null, row: insert.rows[0] ?? null };
        },
      });
    },
  },
  submit: {
    async lock(client, key) {
      const { rows } = await client.query<Locked>(lockSql('$1', '$2', '$3'), [key.assignmentId, key.userId, key.projectId]);
      return rows[0] ?? null;
    },
    async stored(client, row) {
      const stored = await typed(client).selectFrom('judgments').select('id').where('assignmentId', '=', row.id).executeTakeFirst();
      return stored ? { judgmentId: stored.id, duplicate: true } : null;
    },
    // Lock, stored, the item's lock for the stats and the stats load go with BEGIN in one round trip, each planned once per
    // connection. The load, behind the item's lock, sees every committed judgment of the item (the submit's own is added to
    // it in JS: write). Sequential scans are off for the rest of the transaction: every statement of the submit reads rows by
    // key, and the generic plans (made once per connection, maybe while the tables are small) must use the indexes.
    opening: (key) => ({
      prepared: SUBMIT_PREPARED,
      sql: [
        executeSql(SUBMIT_PREPARED, 'tx_rank_lock', [lit(key.assignmentId), lit(key.userId), lit(key.projectId)]),
        executeSql(SUBMIT_PREPARED, 'tx_rank_stored', [lit(key.assignmentId)]),
        executeSql(SUBMIT_PREPARED, 'tx_rank_lock_item', [lit(key.assignmentId), lit(key.userId)]),
        `SELECT set_config('enable_seqscan', 'off', true)`,
        lockedItemStatsLoad(),
      ].join(';\n'),
      read: (lock, stored, [, , statsLoad]) => {
        const id = (stored.rows[0] as { id: string } | undefined)?.id;
        const row = lock.rows[0] as Locked | undefined;
        if (row && !statsLoad) throw new Error('the submit opening returned no stats load');
        return { row: row ? { ...row, statsLoad } : null, stored: id ? { judgmentId: id, duplicate: true } : null };
      },
    }),
    closed(status) {
      if (status === 'SKIPPED') return 'This task was skipped';
      if (status === 'RELEASED') return 'Your lead took this task back (labeling paused). Your answers are still on this page to copy.';
      return undefined;
    },
    async validate({ client, settings }, row, input) {
      // Every response must be in the ranking: placed by the labeler, or in the last group when they
      // chose "the rest tie below" (restGroupedBelow). Nothing is filled in here.
      const problem = input.allUnacceptable && input.ranking.length === 0 ? null : checkRanking(input.ranking, row.shownOrder);
      if (problem) throw new AppError('INVALID_INPUT', problem, { ranking: [problem] });
      const ratingProblem = await checkRatings(client, input, row);
      if (ratingProblem) throw new AppError('INVALID_INPUT', ratingProblem, { ratings: [ratingProblem] });
      // Aspects (issue 27): every aspect of the project answered, own rankings by the same rules; none when aspects are off.
      const aspects = checkAspectAnswers({
        answers: input.aspects,
        settings: settings.aspects,
        shownOrder: row.shownOrder,
        allUnacceptable: input.allUnacceptable,
      });
      if (!aspects.ok) throw new AppError('INVALID_INPUT', aspects.problem, { aspects: [aspects.problem] });
      return aspects.rows;
    },
    // A lease that ran out may lose its slot any moment (the next claim's sweep): take one again.
    slot: ({ client }, row) =>
      retakeItemSlot(client, {
        kind: 'RANK',
        assignmentId: row.id,
        itemId: row.itemId,
        slot: row.slot,
        lapsed: row.leaseExpiresAt < new Date() && row.status === 'ACTIVE',
        overlap: row.overlap,
        full: 'Your time on this task ran out and other labelers have completed it. Your answers are still on this page to copy.',
      }),
    keepDraft: true,
    async insert({ client, userId }, row, input, { checked: aspects }) {
      const warnings = storedWarnings(input, row);
      const judgment = await client.query<{ id: string }>({
        name: 'submit-insert-judgment',
        text: `INSERT INTO judgments ("assignmentId", "itemId", "userId", ranking, "allUnacceptable", "restGroupedBelow", "promptFlags", "taxonomyVersion", "durationMs", warnings, locale)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        values: [
          row.id,
          row.itemId,
          userId,
          JSON.stringify(input.ranking),
          input.allUnacceptable,
          input.restGroupedBelow ?? false,
          input.promptFlags,
          row.taxonomyVersion,
          input.durationMs,
          warnings,
          input.locale ?? null,
        ],
      });
      const judgmentId = judgment.rows[0]?.id ?? '';
      if (input.ratings.length > 0) {
        await client.query(
          `INSERT INTO response_ratings ("judgmentId", "responseId", likert, flags, flaws)
           SELECT $1, u.response, u.likert, ARRAY(SELECT jsonb_array_elements_text(u.flags)), u.flaws
           FROM unnest($2::uuid[], $3::int[], $4::jsonb[], $5::jsonb[]) AS u(response, likert, flags, flaws)`,
          [
            judgmentId,
            input.ratings.map((r) => r.responseId),
            input.ratings.map((r) => r.likert),
            input.ratings.map((r) => JSON.stringify(r.flags)),
            input.ratings.map((r) => JSON.stringify(r.flaws)),
          ],
        );
      }
      if (aspects.length > 0) {
        await client.query(
          `INSERT INTO judgment_aspects ("judgmentId", aspect, description, "sameAsOverall", ranking)
           SELECT $1, x.aspect, x.description, x."sameAsOverall", x.ranking
           FROM jsonb_to_recordset($2::jsonb) AS x(aspect text, description text, "sameAsOverall" boolean, ranking jsonb)`,
          [judgmentId, JSON.stringify(aspects)],
        );
      }
      return { judgmentId, duplicate: false };
    },
    // The stats hook: a judgment and the numbers that include it become visible together.
    after: ({ client }, row) => recomputeItemStats(client, row.itemId),
    // The same as insert and after, with the engine's mark and COMMIT in one round trip (sql null): the judgment with its
    // ratings (its id chosen here), and the stats write from the opening's load with that judgment added.
    write({ userId }, row, input, { checked: aspects }) {
      if (!row.statsLoad) throw new Error('the ranking write needs the opening');
      const judgmentId = randomUUID();
      const stats = itemStatsStatements(row.itemId);
      const json = (value: unknown) => sqlLiteral(JSON.stringify(value));
      const ratings = input.ratings.map((r) => ({ responseId: r.responseId, likert: r.likert, flags: r.flags, flaws: r.flaws }));
      const args = [
        lit(row.id),
        lit(row.itemId),
        lit(userId),
        json(input.ranking),
        json(input.allUnacceptable),
        json(input.restGroupedBelow ?? false),
        json(input.promptFlags),
        json(row.taxonomyVersion),
        json(input.durationMs),
        json(storedWarnings(input, row)),
        // The working locale (issue 31): a literal in the same EXECUTE, so the hot path keeps its round trips.
        input.locale ? sqlLiteral(input.locale) : 'NULL',
        json(ratings),
        lit(judgmentId),
        // Aspect answers (issue 27) only when the project collects them: otherwise the statement is the one without them.
        ...(aspects.length > 0 ? [json(aspects)] : []),
      ];
      const statement = aspects.length > 0 ? 'tx_rank_insert_aspects' : 'tx_rank_insert';
      const added = {
        id: judgmentId,
        userId,
        excluded: row.labelExcluded,
        ranking: input.ranking,
        shownOrder: row.shownOrder,
        ratings: input.ratings.map((r) => ({ responseId: r.responseId, likert: r.likert, flags: r.flags })),
      };
      const closing = `${executeSql(SUBMIT_PREPARED, statement, args)};\n${stats.write(row.statsLoad, added)}`;
      return { sql: null, read: () => ({ result: { judgmentId, duplicate: false }, closing }) };
    },
  },
  draft: {
    // The draft is the screen's exact state; it may name only the task's responses.
    responseIds(draft) {
      const d = draft as TSaveDraft['draft'];
      const aspects = (d.aspects ?? []).flatMap((a) => a.ranking?.flat() ?? []);
      return [...d.ranking.flat(), ...(d.unranked ?? []), ...d.ratings.map((r) => r.responseId), ...aspects];
    },
  },
  view: getRankingTask,
};

/**
 * The next ranking for the labeler (the engine's claim, lib/tasks/claim.ts): their live assignment
 * first; then a lapsed ranking draft while its item has room; then, with probability goldRate, a
 * gold item; then items already in progress; then priority and age. Null when nothing is left.
 */
export function claimNextTask(options: { projectId: string; userId: string; random?: () => number }): Promise<ClaimedTask | null> {
  return claimTask(RANK, options);
}

/**
 * Stores a labeler's ranking for their assignment, once (the engine's submit, lib/tasks/submit.ts):
 * the assignment id is the idempotency key, so a retried submit returns the first judgment and
 * writes nothing. The ranking must be a weak order over exactly the assignment's responses. After
 * an expired lease the submit still lands while the item has a free slot; otherwise it is refused
 * (the client keeps the draft).
 */
export function submitRanking(options: {
  userId: string;
  projectId: string;
  input: SubmitRankingInput;
  guard?: Guard;
}): Promise<SubmitResult> {
  return submitTask(RANK, options);
}

/**
 * Saves the labeler's work in progress on one of their unsubmitted ranking assignments (the
 * engine's draft store, lib/tasks/draft.ts): the screen's exact state (placed groups, unranked
 * responses, ranking mode, scores, flags, notes). A draft naming a response outside the task is refused.
 */
export function saveDraft(options: { userId: string; projectId: string; input: TSaveDraft }): Promise<{ savedAt: Date }> {
  const { userId, projectId, input } = options;
  return saveTaskDraft(RANK, { userId, projectId, assignmentId: input.assignmentId, draft: input.draft });
}
