import type { ClientBase } from 'pg';
import { getPgPool } from '@/lib/db';
import { RESPONSE_LABELS } from '@/lib/judgments/schemas';

/**
 * The unrated tail of a stored ranking in the order it was shown, or null: the signature of the
 * bug of issue 17, where responses the labeler never placed were stored as strict singletons in
 * the order shown, below everything placed. The tail is the longest run of one-response groups
 * at the end of the ranking whose responses have no Likert score and stand in the order shown;
 * it counts from two responses (one alone has no order to be biased), and only when the labeler
 * scored some response ("after the rated ones"): without any score, a strict order whose last two
 * happen to be in shown order (half of all random orders, e.g. API clients that send no scores)
 * cannot be told from the bug. It is a signature, not a proof: a labeler may have placed
 * unscored responses in the order shown on purpose.
 */
export function shownOrderTail(options: {
  ranking: string[][];
  shownOrder: string[];
  likert: Record<string, number | null | undefined>;
}): string[] | null {
  const { ranking, shownOrder, likert } = options;
  const position = new Map(shownOrder.map((id, i) => [id, i]));
  const tail: string[] = [];
  for (let g = ranking.length - 1; g >= 0; g--) {
    const group = ranking[g] ?? [];
    const id = group[0];
    if (group.length !== 1 || id === undefined || likert[id] != null || !position.has(id)) break;
    const next = tail[0];
    if (next !== undefined && (position.get(id) ?? 0) > (position.get(next) ?? 0)) break;
    tail.unshift(id);
  }
  const rated = ranking.flat().some((id) => likert[id] != null);
  return tail.length >= 2 && rated ? tail : null;
}

export type ShownOrderTailRow = {
  judgmentId: string;
  projectSlug: string;
  itemExternalId: string | null;
  itemId: string;
  labelerEmail: string;
  createdAt: Date;
  /** The ranking in the letters the labeler saw (A = shown first), best first. */
  ranking: string;
  /** The letters of the tail. */
  tail: string[];
  /** Responses with a Likert score. */
  rated: number;
  responses: number;
};

/**
 * Of the labeled (not imported) rankings (`checked`), those not "the rest tie below" whose
 * ranking ends with an unrated tail in the order shown (shownOrderTail), oldest first; in one
 * project or in all. The one-off audit of issue 17: `npm run cli -- audit shown-order-tails`.
 */
export async function findShownOrderTails(
  options: { projectId?: string; client?: ClientBase } = {},
): Promise<{ rows: ShownOrderTailRow[]; checked: number }> {
  const db = options.client ?? getPgPool();
  const { rows } = await db.query<{
    id: string;
    slug: string;
    externalId: string | null;
    itemId: string;
    email: string;
    createdAt: Date;
    ranking: string[][];
    shownOrder: string[];
    likert: Record<string, number | null> | null;
    restGroupedBelow: boolean;
  }>(
    `SELECT j.id, p.slug, i."externalId", i.id AS "itemId", u.email, j."createdAt", j.ranking, a."shownOrder", j."restGroupedBelow",
            (SELECT jsonb_object_agg(rr."responseId", rr.likert) FROM response_ratings rr WHERE rr."judgmentId" = j.id) AS likert
     FROM judgments j
     JOIN assignments a ON a.id = j."assignmentId"
     JOIN items i ON i.id = j."itemId"
     JOIN projects p ON p.id = i."projectId"
     JOIN users u ON u.id = j."userId"
     WHERE j.source = 'LABELED' AND NOT j."allUnacceptable" AND jsonb_array_length(j.ranking) > 0
       AND ($1::uuid IS NULL OR i."projectId" = $1)
     ORDER BY j."createdAt", j.id`,
    [options.projectId ?? null],
  );
  const flagged: ShownOrderTailRow[] = [];
  for (const r of rows) {
    if (r.restGroupedBelow) continue; // made after the fix: its unplaced responses are a declared tie
    const likert = r.likert ?? {};
    const tail = shownOrderTail({ ranking: r.ranking, shownOrder: r.shownOrder, likert });
    if (!tail) continue;
    const letter = (id: string) => RESPONSE_LABELS[r.shownOrder.indexOf(id)] ?? '?';
    flagged.push({
      judgmentId: r.id,
      projectSlug: r.slug,
      itemExternalId: r.externalId,
      itemId: r.itemId,
      labelerEmail: r.email,
      createdAt: r.createdAt,
      ranking: r.ranking.map((group) => group.map(letter).join('=')).join(' > '),
      tail: tail.map(letter),
      rated: r.shownOrder.filter((id) => likert[id] != null).length,
      responses: r.shownOrder.length,
    });
  }
  return { rows: flagged, checked: rows.length };
}
