/** [start, end) character offsets (UTF-16, as JavaScript strings count them). */
export type Span = { start: number; end: number };

/** A highlight this close to the planted span (in characters), without overlapping it enough, goes to the lead's review. */
export const NEAR_CHARS = 40;

export type SpanScore = { spanOverlap: number | null; foundIntended: boolean | null };

/**
 * The planted span as scoring reads it: the diff's span in the flawed text, or, when the flaw is
 * a pure deletion (an empty span), the character on each side of the cut, so a highlight there
 * can cover it.
 */
export function scoringSpan(planted: Span, textLength: number): Span {
  if (planted.end > planted.start) return planted;
  return { start: Math.max(0, planted.start - 1), end: Math.min(textLength, planted.start + 1) };
}

/** |highlight ∩ planted| / |planted|, 0 when they do not meet (or the planted span is empty). */
export function spanOverlap(highlight: Span, planted: Span): number {
  const size = planted.end - planted.start;
  if (size <= 0) return 0;
  const common = Math.min(highlight.end, planted.end) - Math.max(highlight.start, planted.start);
  return Math.max(0, common) / size;
}

/** Characters between two spans that do not meet; 0 when they touch or overlap. */
export function spanGap(a: Span, b: Span): number {
  return Math.max(0, Math.max(a.start, b.start) - Math.min(a.end, b.end));
}

/**
 * Scores one submitted detect trial (PRODUCT §3.4, docs/decisions.md "Critique-assisted
 * evaluation"). Only a FLAWED text has an intended flaw:
 * - the labeler says "no flaw" → not found (false);
 * - the highlight covers at least `minOverlap` of the planted span → found (true);
 * - it covers some of it but less, or misses it by at most NEAR_CHARS characters → ambiguous
 *   (null): the lead compares the description with the planted one in the review queue;
 * - otherwise (a flaw found elsewhere) → not found (false).
 * An ORIGINAL text has no planted flaw: "yes" there is a false alarm, and nothing is scored.
 */
export function scoreTrial(options: {
  variant: 'ORIGINAL' | 'FLAWED';
  saysFlawed: boolean;
  highlight: Span | null;
  planted: Span;
  textLength: number;
  minOverlap: number;
}): SpanScore {
  const { variant, saysFlawed, highlight } = options;
  if (variant === 'ORIGINAL') return { spanOverlap: null, foundIntended: null };
  if (!saysFlawed || !highlight) return { spanOverlap: null, foundIntended: false };
  const planted = scoringSpan(options.planted, options.textLength);
  const overlap = spanOverlap(highlight, planted);
  if (overlap >= options.minOverlap) return { spanOverlap: overlap, foundIntended: true };
  if (overlap > 0 || spanGap(highlight, planted) <= NEAR_CHARS) return { spanOverlap: overlap, foundIntended: null };
  return { spanOverlap: overlap, foundIntended: false };
}
