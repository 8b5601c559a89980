import { refreshProjectStats } from '@/lib/judgments/refresh-project-stats';
import type { DisagreementPage } from '@/lib/dashboard/types';
import { getReadPool } from '@/lib/db';
import { findJudgeDisagreements } from '@/lib/judge/find-judge-disagreements';

export const DISAGREEMENT_PAGE_SIZE = 50;
export type DisagreementFilter = 'open' | 'adjudicated' | 'all';

const FILTERS: Record<DisagreementFilter, string> = { open: 'AND NOT s.adjudicated', adjudicated: 'AND s.adjudicated', all: '' };

/**
 * The disagreement queue (PRODUCT §5): items with two or more counted judgments, lowest pairwise
 * agreement first (items where nothing was comparable, e.g. all ties, last), one page at a time.
 * `open` (default) leaves out items already adjudicated. The page and the total of `open` and
 * `adjudicated` are index-only scans of a partial index holding just the items with two or more
 * counted judgments (migration progress_rollups, issue 23).
 */
export async function findDisagreementQueue(options: {
  projectId: string;
  page?: number;
  pageSize?: number;
  filter?: DisagreementFilter;
}): Promise<DisagreementPage> {
  const { projectId, filter = 'open' } = options;
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.min(200, Math.max(1, Math.floor(options.pageSize ?? DISAGREEMENT_PAGE_SIZE)));
  await refreshProjectStats({ projectId });
  const pool = await getReadPool();
  const where = `WHERE s."projectId" = $1 AND s.judgments >= 2 ${FILTERS[filter]}`;
  const [rows, total] = await Promise.all([
    // The page first (from the queue index), then the preview of just those items.
    pool.query<{
      itemId: string;
      externalId: string | null;
      preview: string | null;
      judgments: number;
      agreement: number | null;
      adjudicated: boolean;
    }>(
      `SELECT q."itemId", i."externalId", q.judgments, q.agreement, q.adjudicated,
              left((SELECT m.value->>'content' FROM jsonb_array_elements(i.messages) WITH ORDINALITY AS m(value, n)
                    WHERE m.value->>'role' = 'user' ORDER BY m.n DESC LIMIT 1), 200) AS preview
       FROM (SELECT s."itemId", s.judgments, s.agreement, s.adjudicated FROM item_stats s ${where}
             ORDER BY s.agreement ASC NULLS LAST, s."itemId" LIMIT $2 OFFSET $3) q
       JOIN items i ON i.id = q."itemId"
       ORDER BY q.agreement ASC NULLS LAST, q."itemId"`,
      [projectId, pageSize, (page - 1) * pageSize],
    ),
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM item_stats s ${where}`, [projectId]),
  ]);
  const judged = await findJudgeDisagreements({ projectId, itemIds: rows.rows.map((r) => r.itemId) });
  return {
    rows: rows.rows.map((r) => ({
      ...r,
      preview: r.preview ?? '',
      agreement: r.agreement ?? Number.NaN,
      ...(judged.has(r.itemId) && { judgeDisagrees: judged.get(r.itemId) }),
    })),
    total: total.rows[0]?.n ?? 0,
    page,
    pageSize,
  };
}
