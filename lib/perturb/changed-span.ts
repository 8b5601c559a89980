import { wordDiff } from '@/lib/diff/word-diff';

/** [start, end) offsets of the changed stretch in the original text and in the flawed text. */
export type ChangedSpan = { originalStart: number; originalEnd: number; flawedStart: number; flawedEnd: number };

/**
 * The smallest span covering every change between `original` and `flawed`, in both texts, from
 * the word diff (lib/diff): so it starts and ends on word boundaries. Offsets are JavaScript
 * string indices (UTF-16 code units), as a browser selection reports them. An insertion only has
 * an empty span in the original ([p, p)); a deletion only, in the flawed text. Null when the two
 * texts are equal.
 */
export function changedSpan(original: string, flawed: string): ChangedSpan | null {
  if (original === flawed) return null;
  let inOriginal = 0;
  let inFlawed = 0;
  let span: ChangedSpan | null = null;
  for (const segment of wordDiff(original, flawed)) {
    const length = segment.text.length;
    if (segment.op === 'equal') {
      inOriginal += length;
      inFlawed += length;
      continue;
    }
    // A change starts where both texts stand now; it ends after the text it deletes or inserts.
    span ??= { originalStart: inOriginal, originalEnd: inOriginal, flawedStart: inFlawed, flawedEnd: inFlawed };
    if (segment.op === 'delete') inOriginal += length;
    else inFlawed += length;
    span.originalEnd = inOriginal;
    span.flawedEnd = inFlawed;
  }
  return span;
}

/** True when two texts differ at most in whitespace: such an edit plants no flaw. */
export function sameWords(a: string, b: string): boolean {
  const words = (s: string) => s.trim().split(/\s+/u).join(' ');
  return words(a) === words(b);
}
