import { getPgPool } from '@/lib/db';
import { enqueueJob } from '@/lib/jobs/enqueue-job';
import { handleJob } from '@/lib/jobs/define-job';
import { itemSearchFillJob } from '@/lib/items/item-search-job';
import { log } from '@/lib/log';

/** Items per transaction: each commit keeps what is done (a crash loses at most one batch's work, never a row). */
const BATCH = 2000;
/** How long one job runs before it hands the rest to a follow-up job: well inside the queue's 5-minute expiry. */
const BUDGET_MS = 60_000;

/**
 * One batch, one statement (so one transaction): takes up to `limit` pending items (FOR UPDATE SKIP
 * LOCKED: another instance's job, or a trigger changing one of them, keeps its rows and this takes
 * others), writes their search rows from their messages as they are now, and removes them from
 * the pending list. Idempotent: an item whose row exists already gets its text rewritten. A pending
 * item deleted meanwhile has no items row: its pending row just goes. Pending rows are taken in the
 * order they were written, and search rows written in the items' own order (ctid), so item_search
 * lies in the order of items, as when the insert trigger wrote it: a search that reads item_search
 * and then probes items walks items' pages in order (with random ids, the order of the ids would
 * scatter the probes: a common word's capped count took 5 times as long). Returns how many were taken.
 */
export const FILL_BATCH_SQL = `
  WITH moved AS (
    DELETE FROM item_search_pending p
     WHERE p.ctid = ANY (ARRAY(SELECT ctid FROM item_search_pending LIMIT $1 FOR UPDATE SKIP LOCKED))
    RETURNING p."itemId"
  ), written AS (
    INSERT INTO item_search ("itemId", "searchText")
    SELECT i.id, lower(item_search_text(i.messages)) FROM moved JOIN items i ON i.id = moved."itemId" ORDER BY i.ctid
    ON CONFLICT ("itemId") DO UPDATE SET "searchText" = EXCLUDED."searchText"
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM written)::int AS written`;

/** After moving this many items, the search's statistics are refreshed at once rather than at autovacuum's next visit. */
const STATISTICS_AFTER = 10_000;

/**
 * The search's plans read the sizes of both tables: the pending list's dead rows go (its pages
 * emptied, so the planner sees it small again) and item_search's statistics count the new rows (a
 * common word's page planned without them read every match: decisions.md, issue 23, third round).
 * Without the owner's rights PostgreSQL skips them with a warning, and autovacuum does it later.
 */
async function refreshStatistics(): Promise<void> {
  await getPgPool().query('VACUUM (ANALYZE) item_search_pending');
  await getPgPool().query('ANALYZE item_search');
}

/**
 * Moves pending items into item_search (their trigram index entries included) in batches until
 * none is left or the budget is spent; returns how many were moved and whether any are left. The
 * search is exact throughout (lib/items/find-items.ts reads a pending item's messages): this only
 * makes a search of them use the index again.
 */
export async function fillItemSearch(
  options: { batchSize?: number; budgetMs?: number } = {},
): Promise<{ moved: number; finished: boolean }> {
  const started = performance.now();
  const limit = options.batchSize ?? BATCH;
  let moved = 0;
  for (;;) {
    const { rows } = await getPgPool().query<{ moved: number }>(FILL_BATCH_SQL, [limit]);
    const n = rows[0]?.moved ?? 0;
    moved += n;
    // Fewer than asked: none left, or the rest held by another job (which finishes them).
    if (n < limit) {
      if (moved >= STATISTICS_AFTER) await refreshStatistics();
      return { moved, finished: true };
    }
    if (performance.now() - started > (options.budgetMs ?? BUDGET_MS)) return { moved, finished: false };
  }
}

/** Queues the fill (a job already waiting absorbs it). */
export async function queueItemSearchFill(): Promise<void> {
  await enqueueJob(itemSearchFillJob, {}, { singletonKey: 'all' });
}

/**
 * The periodic check (instrumentation.ts, every minute): queues the fill when any item is pending,
 * which covers every writer of items (generation, chat, the builders) and an import whose process
 * stopped between its commit and its queueing. One index probe when none is.
 */
export async function sweepItemSearch(): Promise<boolean> {
  try {
    const { rows } = await getPgPool().query('SELECT 1 FROM item_search_pending LIMIT 1');
    if (rows.length === 0) return false;
    await queueItemSearchFill();
    return true;
  } catch (error) {
    log.error('item search sweep failed', { error });
    return false;
  }
}

/** The job's handler (app-jobs.ts): fills for at most a minute, then queues a follow-up for the rest. */
export const itemSearchFillHandler = handleJob(itemSearchFillJob, async () => {
  const { finished } = await fillItemSearch();
  if (!finished) await queueItemSearchFill();
});
