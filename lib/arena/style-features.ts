/** What style control measures in an answer (LMArena's style features). */
export type StyleCounts = { length: number; headers: number; listItems: number; bold: number };

export const STYLE_FEATURES = ['length', 'headers', 'listItems', 'bold'] as const;

/**
 * An answer's style: its length in characters (Unicode code points; the app has no tokenizer for
 * every model) and its markdown counts, outside fenced code blocks as LMArena counts them: headers
 * (`#` to `######` lines), list items (`-`, `*`, `+` or `1.` lines) and bold spans (`**…**`, `__…__`).
 */
export function styleCounts(text: string): StyleCounts {
  const prose = text.replace(/```[\s\S]*?(```|$)/g, '');
  return {
    length: [...text].length,
    headers: (prose.match(/^#{1,6}\s+\S/gm) ?? []).length,
    listItems: (prose.match(/^\s*(?:[-*+]|\d+[.)])\s+\S/gm) ?? []).length,
    bold: (prose.match(/\*\*[^*\n]+\*\*|__[^_\n]+__/g) ?? []).length,
  };
}

/**
 * The covariates of side a against side b, before standardising: per feature (a − b)/(a + b), 0 when
 * both are 0, so a difference is relative to the two answers' size (LMArena's normalised difference).
 */
export function styleDifference(a: StyleCounts, b: StyleCounts): number[] {
  return STYLE_FEATURES.map((f) => (a[f] + b[f] === 0 ? 0 : (a[f] - b[f]) / (a[f] + b[f])));
}
