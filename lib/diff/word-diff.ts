import { diffArrays } from 'diff';

export type DiffOp = 'equal' | 'delete' | 'insert';
export type DiffSegment = { op: DiffOp; text: string };

/**
 * jsdiff's Myers diff costs about (tokens × edits). The edits it looks for are capped at
 * MAX_EDITS and at EDIT_BUDGET / tokens, so two unrelated 200,000-character responses cost a
 * bounded time, while a few edits in a long text stay word-level. Past the cap the texts are
 * diffed by sentence (or line), and each changed stretch by word again; past that, by line, and
 * then one replace of the differing lines. Measured in
 * scripts/bench/diff.ts (`npm run bench -- diff`).
 */
export const MAX_EDITS = 4000;
export const EDIT_BUDGET = 3_000_000;

const maxEdits = (tokens: number) => Math.max(16, Math.min(MAX_EDITS, Math.floor(EDIT_BUDGET / Math.max(1, tokens))));

// A word is a run of word characters (letters, combining marks, digits, underscore); any other
// non-space code point (punctuation, symbols, one emoji code point) is a token of its own.
// Whitespace is not a token: each token carries the whitespace before it (its gap).
const WORD_TOKENS = /(\s*)([\p{L}\p{M}\p{N}_]+|[^\s])/gu;
// A sentence (up to and including its end mark or newline, with the whitespace after it).
const SENTENCE_TOKENS = /[^\n.!?]*(?:[.!?]+|\n)\s*|[^\n.!?]+/g;
// Each line with its newline; the last line may have none.
const LINE_TOKENS = /[^\n]*\n|[^\n]+/g;

type Tokens = { words: string[]; gaps: string[]; trailing: string };

/** Words and punctuation, each with the whitespace before it, plus the whitespace after the last one. */
function tokenizeWords(text: string): Tokens {
  const words: string[] = [];
  const gaps: string[] = [];
  let end = 0;
  for (const m of text.matchAll(WORD_TOKENS)) {
    gaps.push(m[1] ?? '');
    words.push(m[2] ?? '');
    end = (m.index ?? 0) + m[0].length;
  }
  return { words, gaps, trailing: text.slice(end) };
}

/** Regroups every stretch of changes as its deletions then its insertions; moves whitespace both share at its edges into the neighbouring equal text. */
function normalize(segments: DiffSegment[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  const pushEqual = (text: string) => {
    if (!text) return;
    const last = out[out.length - 1];
    if (last?.op === 'equal') last.text += text;
    else out.push({ op: 'equal', text });
  };
  let k = 0;
  while (k < segments.length) {
    const s = segments[k]!;
    if (s.op === 'equal') {
      pushEqual(s.text);
      k++;
      continue;
    }
    let del = '';
    let ins = '';
    while (k < segments.length && segments[k]!.op !== 'equal') {
      const c = segments[k++]!;
      if (c.op === 'delete') del += c.text;
      else ins += c.text;
    }
    let head = 0;
    while (head < del.length && head < ins.length && del[head] === ins[head] && /\s/u.test(del[head]!)) head++;
    let tail = 0;
    while (
      tail < del.length - head &&
      tail < ins.length - head &&
      del[del.length - 1 - tail] === ins[ins.length - 1 - tail] &&
      /\s/u.test(del[del.length - 1 - tail]!)
    )
      tail++;
    pushEqual(del.slice(0, head));
    if (del.length - head - tail > 0) out.push({ op: 'delete', text: del.slice(head, del.length - tail) });
    if (ins.length - head - tail > 0) out.push({ op: 'insert', text: ins.slice(head, ins.length - tail) });
    pushEqual(del.slice(del.length - tail));
  }
  return out;
}

/** Word diff through jsdiff on the word tokens alone (whitespace never matches on its own); null past MAX_EDITS. */
function diffWords(a: string, b: string): DiffSegment[] | null {
  const ta = tokenizeWords(a);
  const tb = tokenizeWords(b);
  const changes = diffArrays(ta.words, tb.words, { maxEditLength: maxEdits(ta.words.length + tb.words.length) });
  if (!changes) return null;
  const out: DiffSegment[] = [];
  let i = 0;
  let j = 0;
  for (const change of changes) {
    for (let n = 0; n < change.count; n++) {
      if (change.removed) {
        out.push({ op: 'delete', text: ta.gaps[i]! + ta.words[i++]! });
      } else if (change.added) {
        out.push({ op: 'insert', text: tb.gaps[j]! + tb.words[j++]! });
      } else {
        // A shared word: its gap is shared when both texts have the same whitespace before it.
        if (ta.gaps[i] === tb.gaps[j]) out.push({ op: 'equal', text: ta.gaps[i]! });
        else out.push({ op: 'delete', text: ta.gaps[i]! }, { op: 'insert', text: tb.gaps[j]! });
        out.push({ op: 'equal', text: ta.words[i++]! });
        j++;
      }
    }
  }
  if (ta.trailing === tb.trailing) out.push({ op: 'equal', text: ta.trailing });
  else out.push({ op: 'delete', text: ta.trailing }, { op: 'insert', text: tb.trailing });
  return out.filter((s) => s.text);
}

/** Whole-line diff; null past the edit cap. */
function diffLines(a: string[], b: string[]): DiffSegment[] | null {
  const changes = diffArrays(a, b, { maxEditLength: maxEdits(a.length + b.length) });
  if (!changes) return null;
  return changes.map((c) => ({ op: c.removed ? 'delete' : c.added ? 'insert' : 'equal', text: c.value.join('') }));
}

/** Lines both texts start and end with, and the differing lines between. */
function trimLines(a: string, b: string) {
  const la = a.match(LINE_TOKENS) ?? [];
  const lb = b.match(LINE_TOKENS) ?? [];
  let start = 0;
  while (start < la.length && start < lb.length && la[start] === lb[start]) start++;
  let end = 0;
  while (end < la.length - start && end < lb.length - start && la[la.length - 1 - end] === lb[lb.length - 1 - end]) end++;
  return {
    head: la.slice(0, start).join(''),
    a: la.slice(start, la.length - end),
    b: lb.slice(start, lb.length - end),
    tail: la.slice(la.length - end).join(''),
  };
}

/** The common prefix and suffix of two texts cut at whitespace, so a small edit in a huge text stays cheap. */
function trimCommon(a: string, b: string) {
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  // Back to just after a whitespace character (or the start), so no word is cut.
  while (start > 0 && !/\s/u.test(a[start - 1]!)) start--;
  let end = 0;
  while (end < max - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  // Forward to just before a whitespace character (or the end).
  while (end > 0 && !/\s/u.test(a[a.length - end]!)) end--;
  return { head: a.slice(0, start), a: a.slice(start, a.length - end), b: b.slice(start, b.length - end), tail: a.slice(a.length - end) };
}

/**
 * Word-level diff of two texts (PRODUCT §8, issue 18): 'equal' + 'delete' segments rebuild `a`,
 * 'equal' + 'insert' rebuild `b`. Words and punctuation are compared with jsdiff's Myers diff
 * (`diffArrays`); whitespace only rides along, so two reworded answers share their words, not
 * their spaces. Each stretch of changes lists its deletions first. Past MAX_EDITS it falls back
 * to whole lines, then to one replace.
 */
export function wordDiff(a: string, b: string): DiffSegment[] {
  if (a === b) return a ? [{ op: 'equal', text: a }] : [];
  const t = trimCommon(a, b);
  const byWord = diffWords(t.a, t.b) ?? bySentence(t.a, t.b);
  if (byWord) return normalize([{ op: 'equal', text: t.head }, ...byWord, { op: 'equal', text: t.tail }]);
  // Trimmed again by whole lines, so that every change the line diff reports is whole lines.
  const lines = trimLines(a, b);
  const byLine = diffLines(lines.a, lines.b) ?? [
    { op: 'delete', text: lines.a.join('') },
    { op: 'insert', text: lines.b.join('') },
  ];
  return normalize([{ op: 'equal', text: lines.head }, ...byLine, { op: 'equal', text: lines.tail }]);
}

/** Sentences first, then each changed stretch of sentences by word (or replaced whole when too different); null past the edit cap. */
function bySentence(a: string, b: string): DiffSegment[] | null {
  const changes = diffLines(a.match(SENTENCE_TOKENS) ?? [], b.match(SENTENCE_TOKENS) ?? []);
  if (!changes) return null;
  const out: DiffSegment[] = [];
  for (let k = 0; k < changes.length; k++) {
    const c = changes[k]!;
    if (c.op === 'equal') {
      out.push(c);
      continue;
    }
    let del = '';
    let ins = '';
    for (; k < changes.length && changes[k]!.op !== 'equal'; k++) {
      if (changes[k]!.op === 'delete') del += changes[k]!.text;
      else ins += changes[k]!.text;
    }
    k--;
    out.push(
      ...((del && ins ? diffWords(del, ins) : null) ?? [
        { op: 'delete', text: del },
        { op: 'insert', text: ins },
      ]),
    );
  }
  return out.filter((s) => s.text);
}
