export type DiffOp = 'equal' | 'delete' | 'insert';
export type DiffSegment = { op: DiffOp; text: string };

/**
 * Above this many LCS table cells (tokens × tokens, after trimming the common prefix and suffix)
 * the word diff gives way to a line diff, and the line diff to a plain replace, so two
 * 200,000-character responses never cost more than a 16 MB table.
 */
export const MAX_CELLS = 4_000_000;

// A run of word characters (letters, combining marks, digits, underscore), a run of whitespace,
// or any single other code point (punctuation, symbols, one emoji code point).
const WORD_TOKENS = /[\p{L}\p{M}\p{N}_]+|\s+|[^]/gu;
// Each line with its newline; the last line may have none.
const LINE_TOKENS = /[^\n]*\n|[^\n]+/g;

const tokenize = (text: string, pattern: RegExp): string[] => text.match(pattern) ?? [];

/** Longest-common-subsequence edit script of two token lists; null when the table would be too big. */
function diffTokens(a: string[], b: string[]): DiffSegment[] | null {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return null;
  const width = m + 1;
  // lcs[i * width + j] = length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const out: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'equal', text: a[i++] ?? '' });
      j++;
      // Ties go to delete, which means a changed stretch always lists its deletions before its insertions.
    } else if ((lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)) {
      out.push({ op: 'delete', text: a[i++] ?? '' });
    } else {
      out.push({ op: 'insert', text: b[j++] ?? '' });
    }
  }
  while (i < n) out.push({ op: 'delete', text: a[i++] ?? '' });
  while (j < m) out.push({ op: 'insert', text: b[j++] ?? '' });
  return out;
}

/** Splits off the tokens both lists start and end with; trimming first keeps a small edit in a huge text cheap. */
function trimCommon(a: string[], b: string[]) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { head: a.slice(0, start).join(''), a: a.slice(start, endA), b: b.slice(start, endB), tail: a.slice(endA).join('') };
}

/** Drops empty segments and joins neighbours of the same op. */
function mergeSegments(segments: DiffSegment[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  for (const { op, text } of segments) {
    if (!text) continue;
    const last = out[out.length - 1];
    if (last?.op === op) last.text += text;
    else out.push({ op, text });
  }
  return out;
}

/**
 * Word-level diff of two texts (PRODUCT §8): 'equal' + 'delete' segments rebuild `a`,
 * 'equal' + 'insert' rebuild `b`. Falls back to lines for inputs too large to diff by word.
 */
export function wordDiff(a: string, b: string): DiffSegment[] {
  const words = trimCommon(tokenize(a, WORD_TOKENS), tokenize(b, WORD_TOKENS));
  const byWord = diffTokens(words.a, words.b);
  if (byWord) return mergeSegments([{ op: 'equal', text: words.head }, ...byWord, { op: 'equal', text: words.tail }]);
  // Trimmed again by whole lines, so that every change the line diff reports is whole lines.
  const lines = trimCommon(tokenize(a, LINE_TOKENS), tokenize(b, LINE_TOKENS));
  const byLine = diffTokens(lines.a, lines.b) ?? [
    { op: 'delete', text: lines.a.join('') },
    { op: 'insert', text: lines.b.join('') },
  ];
  return mergeSegments([{ op: 'equal', text: lines.head }, ...byLine, { op: 'equal', text: lines.tail }]);
}
