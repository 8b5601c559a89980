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
 * literally. item_search."searchText" (one row per item, written by triggers on items: migrations
 * item_search_trigram and item_search_table) is every message's content joined by line breaks, in
 * lower case, with a trigram index. A text without a line break is in it exactly when it is in
 * one message, and ILIKE in a UTF-8 database is LIKE
 * between both sides lowered, so `"searchText" LIKE lower(pattern)` finds what the ILIKE over each
 * message found, through the index (for three letters or digits in a row; shorter texts give it
 * no trigram, and PostgreSQL reads the column of every item, still cheaper than unpacking every
 * conversation). A text with a line break could match across two messages there: it keeps the
 * search message by message.
 */
function searchCondition(q: string): Prisma.Sql {
  const pattern = likeContains(q);
  if (!q.includes('\n'))
    return Prisma.sql`EXISTS (SELECT 1 FROM item_search s WHERE s."itemId" = i.id AND s."searchText" LIKE lower(${pattern}) ESCAPE ${'\\'})`;
  return Prisma.sql`EXISTS (SELECT 1 FROM ${messagesOf('i')} AS m(msg) WHERE m.msg->>'content' ILIKE ${pattern} ESCAPE ${'\\'})`;
}

// A malformed messages value (not an array) reads as an empty conversation instead of failing the page.
const messagesOf = (alias: string) =>
  Prisma.raw(`jsonb_array_elements(CASE WHEN jsonb_typeof(${alias}.messages) = 'array' THEN ${alias}.messages ELSE '[]'::jsonb END)`);

const labelCount = Prisma.sql`(SELECT count(*) FROM judgments j WHERE j."itemId" = i.id)`;
const hasJudgment = Prisma.sql`EXISTS (SELECT 1 FROM judgments j WHERE j."itemId" = i.id)`;
// An assignment whose lease ran out no longer holds the item (PRODUCT §4), even before it is marked EXPIRED.
const hasActiveAssignment = Prisma.sql`EXISTS (SELECT 1 FROM assignments a WHERE a."itemId" = i.id AND a.status = 'ACTIVE' AND a."leaseExpiresAt" > now())`;

const overlapOf = (projectId: string) => Prisma.sql`(SELECT p.overlap FROM projects p WHERE p.id = ${projectId}::uuid)`;

/** The WHERE of the item list (items aliased `i`): the page and the total both use it. */
export function itemListConditions(projectId: string, filters: TItemFilters): Prisma.Sql {
  const overlap = overlapOf(projectId);
  const where: Prisma.Sql[] = [Prisma.sql`i."projectId" = ${projectId}::uuid`];
  if (filters.q) where.push(searchCondition(filters.q));
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
  const where = itemListConditions(projectId, filters);
  // The lead's list: a replica's copy will do (lib/db.ts getReadPool); the item page after an edit reads the primary.
  const db = await getReadDb();
  // Counted matches stop one past the bound: enough to tell "more than" from "exactly".
  const bound = filters.q ? Math.max(SEARCH_COUNT_CAP, page * ITEMS_PAGE_SIZE) : null;
  const [rows, totals] = await Promise.all([
    db.$queryRaw<RawRow[]>`
      WITH page AS (
        SELECT i.id, i."createdAt" FROM items i
        WHERE ${where}
        ORDER BY i."createdAt" DESC, i.id DESC
        LIMIT ${ITEMS_PAGE_SIZE} OFFSET ${(page - 1) * ITEMS_PAGE_SIZE}
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
    bound === null
      ? db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM items i WHERE ${where}`
      : db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM (SELECT FROM items i WHERE ${where} LIMIT ${bound + 1}) m`,
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
