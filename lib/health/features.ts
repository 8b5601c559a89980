/**
 * Cheap features of one response (issue 28): what a baseline reward model could learn without
 * reading for meaning. Each is a number per response; the learned baseline uses their differences.
 */
export const FEATURE_NAMES = [
  'chars',
  'log_chars',
  'words',
  'list_items',
  'headings',
  'code_blocks',
  'refusal_phrases',
  'prompt_overlap',
  'flags',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;

/** What the report says each feature is (the card and the screens print it). */
export const FEATURE_LABELS: Record<FeatureName, string> = {
  chars: 'characters',
  log_chars: 'log(1 + characters)',
  words: 'words',
  list_items: 'markdown list items',
  headings: 'markdown headings',
  code_blocks: 'fenced code blocks',
  refusal_phrases: 'refusal phrases',
  prompt_overlap: 'share of the prompt’s words repeated',
  flags: 'flags labelers put on it (mean per label)',
};

const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S/gm;
const HEADING = /^[ \t]{0,3}#{1,6}[ \t]+\S/gm;
const FENCE = /^[ \t]{0,3}(?:```|~~~)/gm;
// Common English refusal and hedging openers; a count, so "I'm sorry, but I can't" counts twice.
const REFUSAL =
  /\b(?:I(?:'|’)?m sorry|I am sorry|I apologi[sz]e|I can(?:'|’)?t|I cannot|I(?:'|’)?m (?:not )?(?:able|unable) to|I am (?:not )?(?:able|unable) to|I won(?:'|’)?t|I will not|as an AI|as a language model)\b/gi;
const WORD = /[\p{L}\p{N}]+/gu;
const WHITESPACE_WORD = /\S+/g;

const count = (text: string, pattern: RegExp) => {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text) !== null) n += 1;
  return n;
};

/** The distinct lower-case words of a prompt (letters and digits), for the overlap feature. */
export function promptWords(prompt: string): Set<string> {
  return new Set(prompt.toLowerCase().match(WORD) ?? []);
}

/**
 * The features of one response, in FEATURE_NAMES order, written into `out` at `offset`. Characters
 * are UTF-16 code units (String.length); words are runs of non-space; `flags` is the caller's count.
 */
export function responseFeatures(text: string, prompt: Set<string>, flags: number, out: Float64Array, offset = 0): void {
  const chars = text.length;
  out[offset] = chars;
  out[offset + 1] = Math.log1p(chars);
  out[offset + 2] = count(text, WHITESPACE_WORD);
  out[offset + 3] = count(text, LIST_ITEM);
  out[offset + 4] = count(text, HEADING);
  out[offset + 5] = Math.floor(count(text, FENCE) / 2);
  out[offset + 6] = count(text, REFUSAL);
  let overlap = 0;
  if (prompt.size > 0) {
    const seen = new Set<string>();
    for (const w of text.toLowerCase().match(WORD) ?? []) if (prompt.has(w)) seen.add(w);
    overlap = seen.size / prompt.size;
  }
  out[offset + 7] = overlap;
  out[offset + 8] = flags;
}
