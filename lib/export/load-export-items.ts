import type { ArenaVote } from '@/lib/arena/types';
import { findArenaVotesByItem } from '@/lib/chat/find-arena-votes';
import type { ClientBase } from 'pg';
import { typed } from '@/lib/db';
import { labelerPseudonym } from '@/lib/export/labeler-pseudonym';
import { loadExportGroupAttributes } from '@/lib/pool/export-group-attributes';
import type { ExportSettings } from '@/lib/export/schemas';
import { splitMetadataField } from '@/lib/export/split';
import {
  STEP_FORMATS,
  type ExportAssistanceRequest,
  type ExportItem,
  type ExportJudgeLabel,
  type ExportJudgment,
} from '@/lib/export/types';
import { attachStepJudgments } from '@/lib/export/load-step-judgments';
import type { TFlaw } from '@/lib/judgments/schemas';
import type { ImportMessage } from '@/lib/import/types';
import { findExcludedLabelers } from '@/lib/judgments/counted-labels';
import { aspectView } from '@/lib/export/aspect-view';

export const EXPORT_BATCH_ITEMS = 250;

/** Responses as [id, externalId, modelId, text]; judgments as [id, userId, source, ranking, allUnacceptable, promptFlags, durationMs, taxonomyVersion, createdAt, shownOrder, ratings, restGroupedBelow]; ratings as [responseId, likert, flags, flaws]. */
type RatingTuple = [string, number | null, string[], TFlaw[]];
type JudgmentTuple = [
  string,
  string,
  'LABELED' | 'IMPORTED',
  string[][],
  boolean,
  string[],
  number,
  number,
  string,
  string[] | null,
  RatingTuple[] | null,
  boolean,
  /** "raw" only (issue 25): the assignment's assistance arm and its assistance log (AssistanceTuple); null otherwise. */
  string | null,
  AssistanceTuple[] | null,
  /** Aspect answers (issue 27) as [aspect, description, sameAsOverall, ranking]; null when none. */
  [string, string, boolean, string[][] | null][] | null,
];
/** [kind, responseId, responseLabel, claim, claimStart, claimEnd, status, answer, errorKind, connectionName, model, modelReported, templateVersion, promptTokens, completionTokens, latencyMs, requestedAt, answeredAt, lookMs, taskKind] */
type AssistanceTuple = [
  string,
  string | null,
  string | null,
  string | null,
  number | null,
  number | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  number | null,
  number | null,
  number | null,
  string,
  string | null,
  number,
  string,
];
type ItemRow = {
  id: string;
  externalId: string | null;
  messages: ImportMessage[];
  isGold: boolean;
  cursorAt: string;
  adjudicatedRanking: string[][] | null;
  /** [id, externalId, modelId, text, hh_separator, imported_scores] (the last two from response metadata, issue 19). */
  responses: [string, string | null, string | null, string, string | null, Record<string, unknown> | null][];
  hhPrefix: string | null;
  judgments: JudgmentTuple[];
  /** Accepted demonstrations as [id, userId, text (the lead's edit when there is one)]; read for "sft" only. */
  demonstrations: [string, string, string][];
  /** Accepted perturbations (PerturbationTuple); read for "perturbations" only. */
  perturbations: PerturbationTuple[];
  /** Submitted detect trials (TrialTuple); read for "detect-trials" only. */
  detectTrials: TrialTuple[];
  /** The metadata field the split is keyed by (split_by metadata:<field>); null otherwise or when the item has none. */
  splitValue: unknown;
  /** AI judge labels (issue 25): read for "judge" and for pairs with include_judge only. */
  judgeLabels: ExportJudgeLabel[];
};
type Span = { start: number; end: number };
/** [id, externalId, responseId, authorId, flawedText, description, category, severity, missableBecause, flawedStart, flawedEnd, originalStart, originalEnd, createdAt] */
type PerturbationTuple = [
  string,
  string | null,
  string,
  string | null,
  string,
  string,
  string,
  number,
  string,
  number,
  number,
  number,
  number,
  string,
];
/** [id, perturbationId, perturbation externalId, responseId, userId, arm, variant, likert, saysFlawed, spanStart, spanEnd, severity, description, foundIntended, spanOverlap, reviewed, durationMs, critiqueMarks, wouldHaveNoticed, submittedAt, noticedYesFirst] */
type TrialTuple = [
  string,
  string,
  string | null,
  string,
  string,
  'UNASSISTED' | 'ASSISTED',
  'ORIGINAL' | 'FLAWED',
  number,
  boolean,
  number | null,
  number | null,
  number | null,
  string | null,
  boolean | null,
  number | null,
  boolean,
  number | null,
  { critiqueId: string; helpful: boolean }[],
  boolean | null,
  string,
  boolean | null,
];

/** Items an export reads: the project's, never those adjudicated invalid, gold left out on request. */
const ITEM_FILTER = `i."projectId" = $1 AND adj."invalid" IS NOT TRUE AND (NOT $2::boolean OR NOT i."isGold")`;

/** Items an export will read (progress total). */
export async function countExportItems(client: ClientBase, projectId: string, settings: ExportSettings): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM items i LEFT JOIN adjudications adj ON adj."itemId" = i.id WHERE ${ITEM_FILTER}`,
    [projectId, settings.pair.excludeGold],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Columns are `timestamp(3)` holding UTC: compare with the instant written without its zone. */
const toTimestamp = (iso: string | null) => (iso ? iso.replace('Z', '') : null);

/**
 * One batch in one round trip: the items after the cursor, each with its responses and kept
 * judgments (with ratings and the assignment's shown order) aggregated as JSON arrays by
 * PostgreSQL, so the next batch can be asked for at once while this one is written.
 */
const BATCH_SQL = `
  SELECT i.id, i."externalId", i.messages, i."isGold", i."createdAt"::text AS "cursorAt", adj.ranking AS "adjudicatedRanking", i.metadata->>'hh_prefix' AS "hhPrefix",
         i.metadata -> $12::text AS "splitValue",
         (SELECT coalesce(json_agg(json_build_array(r.id, r."externalId", r."modelId", r.text, r.metadata->>'hh_separator', r.metadata->'imported_scores') ORDER BY r."createdAt", r."externalId", r.id), '[]')
            FROM responses r WHERE r."itemId" = i.id) AS responses,
         (SELECT coalesce(json_agg(json_build_array(
                   j.id, j."userId", j.source, j.ranking, j."allUnacceptable", j."promptFlags", j."durationMs", j."taxonomyVersion",
                   to_char(j."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), a."shownOrder",
                   (SELECT json_agg(json_build_array(rr."responseId", rr.likert, rr.flags, rr.flaws)) FROM response_ratings rr WHERE rr."judgmentId" = j.id),
                   j."restGroupedBelow",
                   CASE WHEN $14::boolean THEN (SELECT lower(x.arm::text) FROM assistance_arms x WHERE x."assignmentId" = j."assignmentId") END,
                   CASE WHEN $14::boolean THEN (SELECT json_agg(json_build_array(q.kind, q."responseId", q."responseLabel", q.claim, q."claimStart", q."claimEnd", q.status,
                          q.answer, q."errorKind", q."connectionName", q.model, q."modelReported", q."templateVersion", q."promptTokens", q."completionTokens",
                          q."latencyMs", to_char(q."requestedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(q."answeredAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          q."lookMs", q."taskKind") ORDER BY q."requestedAt", q.id)
                     FROM assistance_requests q WHERE q."assignmentId" = j."assignmentId") END,
                   (SELECT json_agg(json_build_array(ja.aspect, ja.description, ja."sameAsOverall", ja.ranking) ORDER BY ja.aspect)
                      FROM judgment_aspects ja WHERE ja."judgmentId" = j.id))
                 ORDER BY j."createdAt", j.id), '[]')
            FROM judgments j LEFT JOIN assignments a ON a.id = j."assignmentId"
           WHERE j."itemId" = i.id AND j."userId" <> ALL($6::uuid[])
             AND ($7::timestamp IS NULL OR j."createdAt" >= $7::timestamp) AND ($8::timestamp IS NULL OR j."createdAt" < $8::timestamp)) AS judgments,
         (SELECT coalesce(json_agg(json_build_array(d.id, d."userId", coalesce(d."editedText", d.text)) ORDER BY d."createdAt", d.id), '[]')
            FROM demonstrations d
           WHERE $9::boolean AND d."itemId" = i.id AND d.status = 'ACCEPTED' AND d."userId" <> ALL($6::uuid[])
             AND ($7::timestamp IS NULL OR d."createdAt" >= $7::timestamp) AND ($8::timestamp IS NULL OR d."createdAt" < $8::timestamp)) AS demonstrations,
         (SELECT coalesce(json_agg(json_build_array(p.id, p."externalId", p."responseId", p."authorId", p."flawedText", p.description, p.category, p.severity, p."missableBecause",
                   p."flawedStart", p."flawedEnd", p."originalStart", p."originalEnd", to_char(p."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY p."createdAt", p.id), '[]')
            FROM perturbations p
           WHERE $10::boolean AND p."itemId" = i.id AND p.status = 'ACCEPTED' AND (p."authorId" IS NULL OR p."authorId" <> ALL($6::uuid[]))
             AND ($7::timestamp IS NULL OR p."createdAt" >= $7::timestamp) AND ($8::timestamp IS NULL OR p."createdAt" < $8::timestamp)) AS perturbations,
         (SELECT coalesce(json_agg(json_build_array(t.id, t."perturbationId", tp."externalId", t."responseId", t."userId", t.arm, t.variant, t.likert, t."saysFlawed", t."spanStart", t."spanEnd",
                   t."flawSeverity", t."flawDescription", t."foundIntended", t."spanOverlap", t."reviewedAt" IS NOT NULL, t."durationMs", t."critiqueMarks", t."wouldHaveNoticed",
                   to_char(t."submittedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), t."noticedYesFirst") ORDER BY t."submittedAt", t.id), '[]')
            FROM detect_trials t JOIN perturbations tp ON tp.id = t."perturbationId"
           WHERE $11::boolean AND t."itemId" = i.id AND t."submittedAt" IS NOT NULL AND tp.status = 'ACCEPTED' AND t."userId" <> ALL($6::uuid[])
             AND ($7::timestamp IS NULL OR t."submittedAt" >= $7::timestamp) AND ($8::timestamp IS NULL OR t."submittedAt" < $8::timestamp)) AS "detectTrials",
         (SELECT coalesce(json_agg(json_build_object('labelId', l.id, 'jobId', l."jobId", 'connection', l."connectionName", 'model', l.model,
                   'modelReported', l."modelReported", 'templateVersion', l."templateVersion", 'reversed', l.reversed, 'shownOrder', l."shownOrder",
                   'ranking', l.ranking, 'ratings', l.ratings, 'reason', l.reason, 'createdAt', to_char(l."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                 ORDER BY l."createdAt", l.id), '[]')
            FROM judge_labels l
           WHERE $13::boolean AND l."itemId" = i.id
             AND ($7::timestamp IS NULL OR l."createdAt" >= $7::timestamp) AND ($8::timestamp IS NULL OR l."createdAt" < $8::timestamp)) AS "judgeLabels"
    FROM items i LEFT JOIN adjudications adj ON adj."itemId" = i.id
   WHERE ${ITEM_FILTER} AND ($3::timestamp IS NULL OR (i."createdAt", i.id) > ($3::timestamp, $4::uuid))
   ORDER BY i."createdAt", i.id
   LIMIT $5`;

function toJudgment(t: JudgmentTuple, labeler: string): ExportJudgment {
  const likert: Record<string, number | null> = {};
  const flags: Record<string, string[]> = {};
  const flaws: Record<string, TFlaw[]> = {};
  for (const [responseId, score, responseFlags, responseFlaws] of t[10] ?? []) {
    likert[responseId] = score;
    if (responseFlags.length > 0) flags[responseId] = responseFlags;
    if (responseFlaws.length > 0) flaws[responseId] = responseFlaws;
  }
  return {
    judgmentId: t[0],
    labeler,
    source: t[2],
    ranking: t[3],
    allUnacceptable: t[4],
    restGroupedBelow: t[11] === true,
    likert,
    flags,
    flaws,
    promptFlags: t[5],
    shownOrder: t[9],
    durationMs: t[6],
    taxonomyVersion: t[7],
    createdAt: t[8],
    ...(t[13] !== undefined && t[12] !== undefined && (t[12] !== null || t[13] !== null)
      ? { assistanceArm: t[12] as 'assisted' | 'unassisted' | null, assistance: (t[13] ?? []).map(toAssistanceRequest) }
      : {}),
    ...(t[14]
      ? { aspects: t[14].map(([aspect, description, sameAsOverall, ranking]) => ({ aspect, description, sameAsOverall, ranking })) }
      : {}),
  };
}

function toAssistanceRequest(a: AssistanceTuple): ExportAssistanceRequest {
  return {
    kind: a[0].toLowerCase(),
    taskKind: a[19].toLowerCase(),
    responseId: a[1],
    responseLabel: a[2],
    claim: a[3],
    claimStart: a[4],
    claimEnd: a[5],
    status: a[6].toLowerCase(),
    answer: a[7],
    errorKind: a[8],
    connection: a[9],
    model: a[10],
    modelReported: a[11],
    templateVersion: a[12],
    promptTokens: a[13],
    completionTokens: a[14],
    latencyMs: a[15],
    requestedAt: a[16],
    answeredAt: a[17],
    lookMs: a[18],
  };
}

type Cursor = { at: string; id: string } | null;
type Batch = { items: ExportItem[]; scanned: number; last: Cursor };
type Query = {
  client: ClientBase;
  projectId: string;
  settings: ExportSettings;
  limit: number;
  excluded: string[];
  names: Map<string, string>;
  groups: Map<string, Record<string, string[]>> | null;
};

/** The formats that carry chat battle votes (issue 26). */
const CHAT_FORMATS: ReadonlySet<string> = new Set(['arena', 'pairs-chat', 'rankings']);

/** The batch's chat votes by item, from the export's snapshot: excluded labelers and votes outside the date range left out. */
async function findChatVotes(q: Query, itemIds: string[]): Promise<Map<string, ArenaVote[]>> {
  const { judgedFrom, judgedBefore } = q.settings;
  const excluded = new Set(q.excluded.map((id) => labelerPseudonym(q.projectId, id)));
  const byItem = await findArenaVotesByItem({ projectId: q.projectId, itemIds, client: q.client });
  for (const [itemId, votes] of byItem) {
    const kept = votes.filter(
      (v) =>
        !excluded.has(v.judge) &&
        (judgedFrom === null || v.votedAt >= new Date(judgedFrom)) &&
        (judgedBefore === null || v.votedAt < new Date(judgedBefore)),
    );
    if (kept.length > 0) byItem.set(itemId, kept);
    else byItem.delete(itemId);
  }
  return byItem;
}

async function fetchBatch(q: Query, after: Cursor): Promise<Batch> {
  const { settings, projectId } = q;
  const splitField = splitMetadataField(settings.pair.splitBy);
  const { rows } = await q.client.query<ItemRow>(BATCH_SQL, [
    projectId,
    settings.pair.excludeGold,
    after?.at ?? null,
    after?.id ?? null,
    q.limit,
    q.excluded,
    toTimestamp(settings.judgedFrom),
    toTimestamp(settings.judgedBefore),
    settings.format === 'sft',
    settings.format === 'perturbations',
    settings.format === 'detect-trials',
    splitField,
    settings.format === 'judge' || settings.pair.includeJudge === true,
    settings.format === 'raw',
  ]);
  const dated = settings.judgedFrom !== null || settings.judgedBefore !== null;
  const stepFormat = (STEP_FORMATS as readonly string[]).includes(settings.format);
  const chatVotes = CHAT_FORMATS.has(settings.format)
    ? await findChatVotes(
        q,
        rows.map((r) => r.id),
      )
    : new Map<string, ArenaVote[]>();
  const items: ExportItem[] = [];
  for (const row of rows) {
    const votes = chatVotes.get(row.id) ?? [];
    // An item enters with a judgment left after the filters, or with a lead's ranking when no date range narrows the judgments.
    // For "sft", an accepted demonstration is enough.
    // For "perturbations" and "detect-trials", an accepted perturbation or a submitted trial.
    // For the step formats, the step labellings decide (attachStepJudgments below).
    if (
      !stepFormat &&
      row.judgments.length === 0 &&
      row.demonstrations.length === 0 &&
      row.perturbations.length === 0 &&
      row.detectTrials.length === 0 &&
      row.judgeLabels.length === 0 &&
      votes.length === 0 &&
      (row.adjudicatedRanking === null || dated)
    )
      continue;
    const pseudonym = (userId: string) => {
      let name = q.names.get(userId);
      if (!name) q.names.set(userId, (name = labelerPseudonym(projectId, userId)));
      return name;
    };
    const judgments = row.judgments.map((t) => {
      let name = q.names.get(t[1]);
      if (!name) q.names.set(t[1], (name = labelerPseudonym(projectId, t[1])));
      const judgment = toJudgment(t, name);
      // Opt-in (issue 10): only when the project enabled it, and then for every judgment ({} when none qualify).
      return q.groups ? { ...judgment, groups: q.groups.get(t[1]) ?? {} } : judgment;
    });
    const item: ExportItem = {
      ...(votes.length > 0 ? { chatVotes: votes } : {}),
      itemId: row.id,
      externalId: row.externalId,
      messages: row.messages,
      responses: row.responses.map(([id, externalId, modelId, text, hhSeparator, importedScores]) => ({
        id,
        externalId,
        modelId,
        text,
        hhSeparator,
        importedScores,
      })),
      hhPrefix: row.hhPrefix,
      isGold: row.isGold,
      judgments,
      adjudicatedRanking: row.adjudicatedRanking,
      ...(splitField !== null && row.splitValue !== null ? { metadata: { [splitField]: row.splitValue } } : {}),
      ...(row.judgeLabels.length > 0 ? { judgeLabels: row.judgeLabels } : {}),
      demonstrations: row.demonstrations.map(([demonstrationId, userId, text]) => {
        let labeler = q.names.get(userId);
        if (!labeler) q.names.set(userId, (labeler = labelerPseudonym(projectId, userId)));
        return { demonstrationId, labeler, text };
      }),
      perturbations: row.perturbations.map((t) => ({
        perturbationId: t[0],
        externalId: t[1],
        responseId: t[2],
        author: t[3] === null ? null : pseudonym(t[3]),
        flawedText: t[4],
        description: t[5],
        category: t[6],
        severity: t[7],
        missableBecause: t[8],
        flawedSpan: { start: t[9], end: t[10] } satisfies Span,
        originalSpan: { start: t[11], end: t[12] } satisfies Span,
        createdAt: t[13],
      })),
      detectTrials: row.detectTrials.map((t) => ({
        trialId: t[0],
        perturbationId: t[1],
        perturbationExternalId: t[2],
        responseId: t[3],
        labeler: pseudonym(t[4]),
        arm: t[5],
        variant: t[6],
        likert: t[7],
        saysFlawed: t[8],
        span: t[9] === null || t[10] === null ? null : { start: t[9], end: t[10] },
        severity: t[11],
        description: t[12],
        foundIntended: t[13],
        spanOverlap: t[14],
        reviewed: t[15],
        durationMs: t[16],
        critiqueMarks: t[17],
        wouldHaveNoticed: t[18],
        submittedAt: t[19],
        noticedYesFirst: t[20] ?? null,
      })),
    };
    if (settings.aspect === null) items.push(item);
    else {
      // Issue 27: the item as the aspect saw it; an item no kept judgment answered the aspect for has no rows.
      const view = aspectView(item, settings.aspect);
      if (view.judgments.length > 0) items.push(view);
    }
  }
  const lastRow = rows[rows.length - 1];
  if (stepFormat) {
    const pseudonym = (userId: string) => {
      let name = q.names.get(userId);
      if (!name) q.names.set(userId, (name = labelerPseudonym(projectId, userId)));
      return name;
    };
    const withSteps = await attachStepJudgments(q.client, items, {
      excluded: q.excluded,
      judgedFrom: settings.judgedFrom,
      judgedBefore: settings.judgedBefore,
      pseudonym,
    });
    return {
      items: withSteps,
      scanned: rows.length,
      last: lastRow && rows.length === q.limit ? { at: lastRow.cursorAt, id: lastRow.id } : null,
    };
  }
  return { items, scanned: rows.length, last: lastRow && rows.length === q.limit ? { at: lastRow.cursorAt, id: lastRow.id } : null };
}

/**
 * A project's items for an export, in a stable order (created, then id), in batches by keyset
 * pagination, with their responses and the judgments the settings keep: never those of labelers a
 * lead excluded, never items adjudicated invalid, judgments inside the date range only; an
 * adjudicated item carries the lead's ranking. Labelers appear as pseudonyms (labelerPseudonym).
 * Run it inside a REPEATABLE READ transaction on `client` for one consistent view. The next batch
 * is queried while the caller handles the current one. `scanned` counts items read, kept or not.
 */
export async function* loadExportItems(options: {
  client: ClientBase;
  projectId: string;
  settings: ExportSettings;
  batchSize?: number;
}): AsyncGenerator<{ items: ExportItem[]; scanned: number }> {
  const { client, projectId, settings } = options;
  const excluded = await findExcludedLabelers(typed(client), projectId);
  const groups = await loadExportGroupAttributes(client, projectId);
  const q: Query = { client, projectId, settings, limit: options.batchSize ?? EXPORT_BATCH_ITEMS, excluded, names: new Map(), groups };
  let pending: Promise<Batch> | null = fetchBatch(q, null);
  try {
    while (pending) {
      const batch: Batch = await pending;
      pending = batch.last ? fetchBatch(q, batch.last) : null;
      // Settled later (or in finally); a rejection meanwhile must not go unhandled.
      pending?.catch(() => undefined);
      if (batch.scanned > 0) yield { items: batch.items, scanned: batch.scanned };
    }
  } finally {
    // The caller stopped early: let the query in flight finish before the connection is reused.
    if (pending) await pending.catch(() => undefined);
  }
}
