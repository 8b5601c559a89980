import { Prisma } from '@/generated/prisma/client';
import { getReadDb } from '@/lib/db';
import { ITEMS_PAGE_SIZE, type TItemFilters, type TItemStatus } from '@/lib/items/schemas';

export type ItemListRow = {
  id: string;
  externalId: string | null;
  /** The first 120 characters of the last user turn. */
  preview: string;
  previewTruncated: boolean;
  responses: number;
  /** Judgments (submitted labels) of the item. */
  labels: number;
  status: TItemStatus;
  isGold: boolean;
  priority: number;
  createdAt: Date;
};

const PREVIEW_CHARS = 120;

/** `%`, `_` and the escape character itself match literally in LIKE. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** pg_trgm finds a LIKE pattern's rows through its trigrams: a text without three letters or digits in a row has none. */
export function usesTrigramIndex(q: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(q);
}

/**
 * Items with a message whose content contains `q`, case-insensitively (ILIKE), `%` `_` `\` taken
 * literally. An item's search text (every message's content joined by line breaks, in lower case:
 * `lower(item_search_text(messages))`) is in item_search, with a trigram index, once the background
 * job has written it (lib/items/fill-item-search.ts); until then the item is in item_search_pending
 * (its insert trigger put it there) and its text is computed from its messages (migrations
 * item_search_trigram, item_search_table, item_search_pending). An item is in exactly one of the
 * two at every moment, so the search is exact whether or not the job has run. A text without a
 * line break is in the joined text exactly when it is in one message, and ILIKE in a UTF-8
 * database is LIKE between both sides lowered, so `LIKE lower(pattern)` finds what the ILIKE over
 * each message found, through the index (for three letters or digits in a row; shorter texts give
 * it no trigram, and PostgreSQL reads the column of every item, still cheaper than unpacking every
 * conversation). A text with a line break could match across two messages there: it keeps the
 * search message by message, over every item.
 */
type SearchParts =
  /** One exact condition (a text with a line break): every item's messages. */
  | { whole: Prisma.Sql }
  /** Items whose search row is written (through the trigram index), and items still pending (a scan of the few). */
  | { indexed: Prisma.Sql; pending: Prisma.Sql };

function searchParts(q: string): SearchParts {
  const pattern = likeContains(q);
  if (q.includes('\n'))
    return {
      whole: Prisma.sql`EXISTS (SELECT 1 FROM ${messagesOf('i')} AS m(msg) WHERE m.msg->>'content' ILIKE ${pattern} ESCAPE ${'\\'})`,
    };
  return {
    indexed: Prisma.sql`EXISTS (SELECT 1 FROM item_search s WHERE s."itemId" = i.id AND s."searchText" LIKE lower(${pattern}) ESCAPE ${'\\'})`,
    pending: Prisma.sql`EXISTS (SELECT 1 FROM item_search_pending p WHERE p."itemId" = i.id) AND lower(item_search_text(i.messages)) LIKE lower(${pattern}) ESCAPE ${'\\'}`,
  };
}

/**
 * The search as one condition on items `i`, for callers that select by it (a generation job's
 * prompts): with a trigram, the ids of both parts in one list (the index finds the written ones);
 * without one, each item's written text or its pending messages (every item is read anyway). findItems runs the parts as two
 * queries instead, so each keeps its own plan (a page of a common word walks the newest items and
 * probes each).
 */
function searchCondition(q: string): Prisma.Sql {
  const parts = searchParts(q);
  if ('whole' in parts) return parts.whole;
  const pattern = likeContains(q);
  if (!usesTrigramIndex(q))
    return Prisma.sql`((SELECT s."searchText" FROM item_search s WHERE s."itemId" = i.id) LIKE lower(${pattern}) ESCAPE ${'\\'} OR (${parts.pending}))`;
  return Prisma.sql`i.id IN (SELECT s."itemId" FROM item_search s WHERE s."searchText" LIKE lower(${pattern}) ESCAPE ${'\\'}
    UNION ALL SELECT p."itemId" FROM item_search_pending p JOIN items pi ON pi.id = p."itemId" WHERE lower(item_search_text(pi.messages)) LIKE lower(${pattern}) ESCAPE ${'\\'})`;
}

// A malformed messages value (not an array) reads as an empty conversation instead of failing the page.
const messagesOf = (alias: string) =>
  Prisma.raw(`jsonb_array_elements(CASE WHEN jsonb_typeof(${alias}.messages) = 'array' THEN ${alias}.messages ELSE '[]'::jsonb END)`);

const labelCount = Prisma.sql`(SELECT count(*) FROM judgments j WHERE j."itemId" = i.id)`;
const hasJudgment = Prisma.sql`EXISTS (SELECT 1 FROM judgments j WHERE j."itemId" = i.id)`;
// An assignment whose lease ran out no longer holds the item (PRODUCT §4), even before it is marked EXPIRED.
const hasActiveAssignment = Prisma.sql`EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = i.id AND a.status = 'ACTIVE' AND a."leaseExpiresAt" > now())`;

const overlapOf = (projectId: string) => Prisma.sql`(SELECT p.overlap FROM projects p WHERE p.id = ${projectId}::uuid)`;

/**
 * The WHERE of the item list (items aliased `i`), exact: the search included. `search` replaces the
 * search text's condition (findItems' two parts).
 */
export function itemListConditions(projectId: string, filters: TItemFilters, search?: Prisma.Sql): Prisma.Sql {
  const overlap = overlapOf(projectId);
  const where: Prisma.Sql[] = [Prisma.sql`i."projectId" = ${projectId}::uuid`];
  if (search) where.push(search);
  else if (filters.q) where.push(searchCondition(filters.q));
  if (filters.gold) where.push(Prisma.sql`i."isGold"`);
  if (filters.labels === 'with') where.push(hasJudgment);
  if (filters.labels === 'without') where.push(Prisma.sql`NOT ${hasJudgment}`);
  if (filters.model) where.push(Prisma.sql`EXISTS (SELECT 1 FROM responses r WHERE r."itemId" = i.id AND r."modelId" = ${filters.model})`);
  // CASE fixes the order: the cheap (hashed) EXISTS first, the per-item count only for items it lets
  // through; left to itself the planner counts every item first.
  if (filters.status === 'complete') where.push(Prisma.sql`CASE WHEN ${hasJudgment} THEN ${labelCount} >= ${overlap} ELSE false END`);
  if (filters.status === 'in-progress') {
    where.push(Prisma.sql`CASE WHEN ${hasJudgment} OR ${hasActiveAssignment} THEN ${labelCount} < ${overlap} ELSE false END`);
  }
  if (filters.status === 'untouched') where.push(Prisma.sql`NOT ${hasJudgment} AND NOT ${hasActiveAssignment}`);
  return Prisma.join(where, ' AND ');
}

/**
 * A search counts its matches up to this many (or, past page 20, up to the end of the page shown)
 * and says "more than" beyond: each match counted is a row read and rechecked, so an exact count
 * of a common word at 100,000 items cost 60–100 ms, the page itself under 1 ms (issue 23).
 */
export const SEARCH_COUNT_CAP = 1000;

type RawRow = Omit<ItemListRow, 'status' | 'previewTruncated'> & { previewLength: number; active: boolean; overlap: number };

/**
 * One page (50 rows, newest first) of a project's items matching the filters, and how many
 * match in all. Two queries whatever the page size: the page (counts computed for its rows
 * only) and the total. A search's total is exact up to SEARCH_COUNT_CAP (or the end of the page
 * asked for, when that is further); past it `total` is that bound and `moreThanTotal` is true.
 */
export async function findItems(options: { projectId: string; filters: TItemFilters; page: number }) {
  const { projectId, filters } = options;
  const page = Math.max(1, Math.floor(options.page));
  const parts = filters.q ? searchParts(filters.q) : null;
  // The conditions, one per part of the items: a search's written and pending items are disjoint (an item is in one).
  const wheres =
    parts && !('whole' in parts)
      ? [itemListConditions(projectId, filters, parts.indexed), itemListConditions(projectId, filters, parts.pending)]
      : [itemListConditions(projectId, filters, parts?.whole)];
  // The lead's list: a replica's copy will do (lib/db.ts getReadPool); the item page after an edit reads the primary.
  const db = await getReadDb();
  // Counted matches stop one past the bound: enough to tell "more than" from "exactly".
  const bound = filters.q ? Math.max(SEARCH_COUNT_CAP, page * ITEMS_PAGE_SIZE) : null;
  const offset = (page - 1) * ITEMS_PAGE_SIZE;
  // Each part's newest rows up to the end of the page, then the page of their merge.
  const ids = Prisma.join(
    wheres.map(
      (where) =>
        Prisma.sql`(SELECT i.id, i."createdAt" FROM items i WHERE ${where} ORDER BY i."createdAt" DESC, i.id DESC LIMIT ${offset + ITEMS_PAGE_SIZE})`,
    ),
    ' UNION ALL ',
  );
  const counts = Prisma.join(
    wheres.map((where) =>
      bound === null
        ? Prisma.sql`(SELECT count(*) FROM items i WHERE ${where})`
        : Prisma.sql`(SELECT count(*) FROM (SELECT FROM items i WHERE ${where} LIMIT ${bound + 1}) m)`,
    ),
    ' + ',
  );
  const [rows, totals] = await Promise.all([
    db.$queryRaw<RawRow[]>`
      WITH page AS (
        SELECT id, "createdAt" FROM (${ids}) parts
        ORDER BY "createdAt" DESC, id DESC
        LIMIT ${ITEMS_PAGE_SIZE} OFFSET ${offset}
      )
      SELECT i.id::text AS id, i."externalId", i."isGold", i.priority, i."createdAt",
        left(coalesce(lu.content, ''), ${PREVIEW_CHARS}) AS preview,
        length(coalesce(lu.content, ''))::int AS "previewLength",
        (SELECT count(*) FROM responses r WHERE r."itemId" = i.id)::int AS responses,
        ${labelCount}::int AS labels,
        ${hasActiveAssignment} AS active,
        ${overlapOf(projectId)} AS overlap
      FROM page
      JOIN items i ON i.id = page.id
      LEFT JOIN LATERAL (
        SELECT m.msg->>'content' AS content FROM ${messagesOf('i')} WITH ORDINALITY AS m(msg, n)
        WHERE m.msg->>'role' = 'user' ORDER BY m.n DESC LIMIT 1
      ) lu ON true
      ORDER BY page."createdAt" DESC, page.id DESC`,
    db.$queryRaw<{ total: number }[]>`SELECT (${counts})::int AS total`,
  ]);
  const counted = totals[0]?.total ?? 0;
  const moreThanTotal = bound !== null && counted > bound;
  return {
    rows: rows.map(({ previewLength, active, overlap, ...row }): ItemListRow => ({
      ...row,
      previewTruncated: previewLength > PREVIEW_CHARS,
      status: row.labels >= overlap ? 'complete' : row.labels > 0 || active ? 'in-progress' : 'untouched',
    })),
    total: moreThanTotal ? (bound ?? counted) : counted,
    moreThanTotal,
    page,
    pageSize: ITEMS_PAGE_SIZE,
  };
}
