import { describe, expect, it } from 'vitest';
import { wordDiff, type DiffSegment } from '@/lib/diff/word-diff';

const side = (diff: DiffSegment[], keep: 'delete' | 'insert') =>
  diff
    .filter((s) => s.op === 'equal' || s.op === keep)
    .map((s) => s.text)
    .join('');

/** The invariants every diff must hold, whatever path produced it. */
function expectWellFormed(a: string, b: string, diff: DiffSegment[]) {
  expect(side(diff, 'delete')).toBe(a);
  expect(side(diff, 'insert')).toBe(b);
  for (const [k, s] of diff.entries()) {
    expect(s.text).not.toBe('');
    // With the u flag a whole surrogate pair is one code point, so this only finds a split emoji.
    expect(s.text).not.toMatch(/[\uD800-\uDFFF]/u);
    const next = diff[k + 1];
    if (next) {
      expect(next.op).not.toBe(s.op);
      // Inside each changed stretch the deleted text comes first.
      expect(s.op === 'insert' && next.op === 'delete').toBe(false);
    }
  }
}

/** mulberry32: a small seeded generator, so a failing random case can be replayed. */
function seeded(seed: number) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'the',
  'cat',
  'sat',
  'on',
  'a',
  'mat',
  'über',
  'naïve',
  'cafe\u0301',
  '日本語',
  'x_1',
  '42',
  ' ',
  ' ',
  '  ',
  '\n',
  '\t',
  '.',
  ',',
  '!',
  '—',
  '"',
  '😀',
  '🎉',
  '👩‍👩‍👧',
];

describe('wordDiff', () => {
  it('returns one equal segment for identical texts and nothing for two empty ones', () => {
    expect(wordDiff('The cat sat.', 'The cat sat.')).toEqual([{ op: 'equal', text: 'The cat sat.' }]);
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'new text')).toEqual([{ op: 'insert', text: 'new text' }]);
    expect(wordDiff('old text', '')).toEqual([{ op: 'delete', text: 'old text' }]);
  });

  it('marks one changed word, not the characters inside it', () => {
    expect(wordDiff('the quick brown fox', 'the slow brown fox')).toEqual([
      { op: 'equal', text: 'the ' },
      { op: 'delete', text: 'quick' },
      { op: 'insert', text: 'slow' },
      { op: 'equal', text: ' brown fox' },
    ]);
    expect(wordDiff('cat', 'cats')).toEqual([
      { op: 'delete', text: 'cat' },
      { op: 'insert', text: 'cats' },
    ]);
  });

  it('treats each punctuation character as its own token', () => {
    expect(wordDiff('Hello, world.', 'Hello; world!')).toEqual([
      { op: 'equal', text: 'Hello' },
      { op: 'delete', text: ',' },
      { op: 'insert', text: ';' },
      { op: 'equal', text: ' world' },
      { op: 'delete', text: '.' },
      { op: 'insert', text: '!' },
    ]);
    expect(wordDiff('a...b', 'a..b')).toEqual([
      { op: 'equal', text: 'a..' },
      { op: 'delete', text: '.' },
      { op: 'equal', text: 'b' },
    ]);
  });

  it('reports whitespace changes as whitespace runs', () => {
    expect(wordDiff('one two', 'one  two')).toEqual([
      { op: 'equal', text: 'one ' },
      { op: 'insert', text: ' ' },
      { op: 'equal', text: 'two' },
    ]);
    expect(wordDiff('one two', 'one\ntwo\n')).toEqual([
      { op: 'equal', text: 'one' },
      { op: 'delete', text: ' ' },
      { op: 'insert', text: '\n' },
      { op: 'equal', text: 'two' },
      { op: 'insert', text: '\n' },
    ]);
  });

  it('keeps accented words, combining marks, CJK and emoji whole', () => {
    expect(wordDiff('café 😀 naïve', 'café 🎉 naïve')).toEqual([
      { op: 'equal', text: 'café ' },
      { op: 'delete', text: '😀' },
      { op: 'insert', text: '🎉' },
      { op: 'equal', text: ' naïve' },
    ]);
    // "cafe" + U+0301 (combining acute) is one word, distinct from "cafe".
    expect(wordDiff('cafe\u0301 ok', 'cafe ok')).toEqual([
      { op: 'delete', text: 'cafe\u0301' },
      { op: 'insert', text: 'cafe' },
      { op: 'equal', text: ' ok' },
    ]);
    expect(wordDiff('日本語 Straße', '日本語 Strasse')).toEqual([
      { op: 'equal', text: '日本語 ' },
      { op: 'delete', text: 'Straße' },
      { op: 'insert', text: 'Strasse' },
    ]);
    const family = 'we 👩‍👩‍👧 go';
    expectWellFormed(family, 'we 👨‍👩‍👧 go', wordDiff(family, 'we 👨‍👩‍👧 go'));
  });

  it('shows unrelated words as one deletion and one insertion, not an alternation over shared spaces', () => {
    expect(wordDiff('a b c', 'x y z')).toEqual([
      { op: 'delete', text: 'a b c' },
      { op: 'insert', text: 'x y z' },
    ]);
    expect(wordDiff('x q', 'y x q')).toEqual([
      { op: 'insert', text: 'y ' },
      { op: 'equal', text: 'x q' },
    ]);
  });

  it('finds the words two reworded answers share (issue 18)', () => {
    const a = 'The capital of France is Lyon, which is in the south of the country.';
    const b = 'I am not sure, but I think the capital of France might be Lyon or Paris.';
    const diff = wordDiff(a, b);
    expectWellFormed(a, b, diff);
    const shared = diff.filter((s) => s.op === 'equal').map((s) => s.text.trim());
    expect(shared).toContain('capital of France');
    expect(shared).toContain('Lyon');
    // Whitespace is never shared on its own: every equal segment holds a word or a punctuation mark.
    for (const s of diff.filter((d) => d.op === 'equal')) expect(s.text).toMatch(/\S/u);
    expect(diff.filter((s) => s.op === 'equal').length).toBeLessThanOrEqual(4);
  });

  it('keeps the shared sentence of an answer reworded around it', () => {
    const a = 'Water boils at 100 degrees Celsius at sea level. It boils at a lower temperature on a mountain.';
    const b =
      'At sea level, water boils at 100 degrees Celsius. On a mountain it boils at a lower temperature, because the air pressure is lower.';
    const diff = wordDiff(a, b);
    expectWellFormed(a, b, diff);
    const shared = diff.filter((s) => s.op === 'equal').map((s) => s.text.trim());
    expect(shared).toContain('boils at 100 degrees Celsius');
    expect(shared).toContain('boils at a lower temperature');
    const changed = diff.filter((s) => s.op !== 'equal').map((s) => s.text);
    expect(changed.some((t) => t.includes('because the air pressure is lower'))).toBe(true);
  });

  it('keeps a reworded clause apart from the unchanged sentences around it', () => {
    const a = 'Paris is the capital of France. It has about two million inhabitants. The Seine runs through it.';
    const b = 'Paris is the capital of France. Roughly 2.1 million people live there. The Seine runs through it.';
    expect(wordDiff(a, b)).toEqual([
      { op: 'equal', text: 'Paris is the capital of France. ' },
      { op: 'delete', text: 'It has about two' },
      { op: 'insert', text: 'Roughly 2.1' },
      { op: 'equal', text: ' million ' },
      { op: 'delete', text: 'inhabitants' },
      { op: 'insert', text: 'people live there' },
      { op: 'equal', text: '. The Seine runs through it.' },
    ]);
  });

  it('rebuilds both sides exactly on 600 random pairs (seeded)', () => {
    const random = seeded(20240601);
    const pick = () => PIECES[Math.floor(random() * PIECES.length)] ?? '';
    const pieces = (n: number) => Array.from({ length: n }, pick);
    for (let round = 0; round < 600; round++) {
      const pa = pieces(Math.floor(random() * 40));
      let pb: string[];
      if (round % 3 === 0) {
        pb = pieces(Math.floor(random() * 40)); // unrelated
      } else {
        // An edited copy: a few runs of pieces replaced, dropped or grown (whole pieces, so no emoji is cut in half).
        pb = [...pa];
        for (let edits = Math.floor(random() * 4); edits > 0; edits--) {
          pb.splice(Math.floor(random() * (pb.length + 1)), Math.floor(random() * 4), ...pieces(Math.floor(random() * 3)));
        }
      }
      const a = pa.join('');
      const b = pb.join('');
      const diff = wordDiff(a, b);
      expectWellFormed(a, b, diff);
      if (a === b && a) expect(diff).toEqual([{ op: 'equal', text: a }]);
    }
  });

  it('keeps a small edit in two 200,000-character texts at word level', () => {
    const lines = Array.from(
      { length: 2000 },
      (_, i) => `row ${i} alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi\n`,
    );
    const a = lines.join('');
    const b = a.replace('row 1000 alpha beta gamma', 'row 1000 alpha beta GAMMA');
    expect(a.length).toBeGreaterThan(150_000);
    expect(wordDiff(a, b).filter((s) => s.op !== 'equal')).toEqual([
      { op: 'delete', text: 'gamma' },
      { op: 'insert', text: 'GAMMA' },
    ]);
  });

  it('keeps two far-apart edits in a 200,000-character text at word level', () => {
    const line = (i: number, word: string) => `row ${i} alpha beta ${word} delta epsilon zeta eta theta iota kappa lambda mu nu xi\n`;
    const a = Array.from({ length: 2000 }, (_, i) => line(i, 'gamma')).join('');
    const b = Array.from({ length: 2000 }, (_, i) => line(i, i === 100 || i === 1900 ? 'GAMMA' : 'gamma')).join('');
    const diff = wordDiff(a, b);
    expectWellFormed(a, b, diff);
    expect(diff.filter((s) => s.op !== 'equal')).toEqual([
      { op: 'delete', text: 'gamma' },
      { op: 'insert', text: 'GAMMA' },
      { op: 'delete', text: 'gamma' },
      { op: 'insert', text: 'GAMMA' },
    ]);
  });

  it('past the word-level edit limit, diffs by sentence and then each changed sentence by word', () => {
    // Every fourth line changes one word: more word edits than one pass may look for.
    const line = (i: number, word: string) => `row ${i} alpha ${word}\n`;
    const a = Array.from({ length: 1000 }, (_, i) => line(i, 'gamma')).join('');
    const b = Array.from({ length: 1000 }, (_, i) => line(i, i % 4 === 0 && i > 0 && i < 990 ? 'GAMMA' : 'gamma')).join('');
    const diff = wordDiff(a, b);
    expectWellFormed(a, b, diff);
    const deleted = diff.filter((s) => s.op === 'delete');
    expect(deleted).toHaveLength(247);
    expect(deleted.every((s) => s.text === 'gamma')).toBe(true);
  });

  it('keeps the unchanged sentences of a reworded 20,000-character answer equal', () => {
    const sentence = (i: number) => `Sentence ${i} explains one more detail of the answer in plain words.`;
    const base = Array.from({ length: 300 }, (_, i) => sentence(i));
    const a = base.join(' ');
    const b = base
      .map((s, i) => (i % 5 === 2 ? `Here sentence ${i} is rewritten: a different claim, with other words entirely.` : s))
      .join(' ');
    expect(a.length).toBeGreaterThan(20_000);
    const diff = wordDiff(a, b);
    expectWellFormed(a, b, diff);
    const equal = diff
      .filter((s) => s.op === 'equal')
      .map((s) => s.text)
      .join('');
    for (let i = 0; i < 300; i++) if (i % 5 !== 2) expect(equal).toContain(sentence(i));
  });

  it('replaces the differing lines wholesale when even the line table would be too large', () => {
    const a = 'same start\n' + Array.from({ length: 2500 }, (_, i) => `left ${i}\n`).join('') + 'same end';
    const b = 'same start\n' + Array.from({ length: 2500 }, (_, i) => `right ${i}\n`).join('') + 'same end';
    const diff = wordDiff(a, b);
    expectWellFormed(a, b, diff);
    expect(diff.map((s) => s.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(diff[0]?.text).toBe('same start\n');
    expect(diff[3]?.text).toBe('\nsame end');
  });

  it('handles two unrelated 200,000-character responses', () => {
    const random = seeded(7);
    const text = () => {
      let s = '';
      while (s.length < 200_000) s += (PIECES[Math.floor(random() * PIECES.length)] ?? '') + (random() < 0.02 ? '\n' : '');
      return s;
    };
    const a = text();
    const b = text();
    expectWellFormed(a, b, wordDiff(a, b));
  });
});
