/**
 * The word diff (lib/diff/word-diff.ts, jsdiff's Myers diff on word tokens) on responses of
 * 20,000 and 200,000 characters: one changed word, a reworded answer (every fifth sentence
 * rewritten) and two unrelated texts, against the floor of splitting both texts into tokens.
 *   --runs N       runs per measurement (default 20)
 *   --json
 */
import { parseArgs } from 'node:util';
import { measure, printTable, type Figure } from './harness';

/** mulberry32, so every run diffs the same texts. */
function seeded(seed: number) {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'the a of to and in is it that for on with as was at by an be this which or from but not are have capital city river answer model response because however likely'.split(
    ' ',
  );

function sentences(random: () => number, chars: number): string[] {
  const out: string[] = [];
  let length = 0;
  while (length < chars) {
    const n = 6 + Math.floor(random() * 14);
    const words = Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'x');
    const s = words.join(' ') + (random() < 0.2 ? ', ' + WORDS[Math.floor(random() * WORDS.length)] : '') + '.';
    out.push(s);
    length += s.length + 1;
  }
  return out;
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, runs: { type: 'string', default: '20' } },
  });
  const runs = Number(values.runs);
  const { wordDiff } = await import('../../lib/diff/word-diff');
  const figures: { name: string; figure: Figure; baseline?: string }[] = [];
  for (const chars of [20_000, 200_000]) {
    const random = seeded(chars);
    const base = sentences(random, chars);
    const a = base.join(' ');
    const oneWord = a.replace(/ capital /u, ' CAPITAL ');
    const reworded = base.map((s, i) => (i % 5 === 2 ? (sentences(random, 1)[0] ?? s) : s)).join(' ');
    const unrelated = sentences(random, chars).join(' ');
    const floor = await measure(runs, 1, async () => [a.match(/\S+/gu), unrelated.match(/\S+/gu)]);
    const label = `${chars.toLocaleString('en')} chars`;
    figures.push({ name: `baseline: split both into words, ${label}`, figure: floor });
    for (const [name, b] of [
      ['one changed word', oneWord],
      ['reworded (every fifth sentence)', reworded],
      ['unrelated texts', unrelated],
    ] as const) {
      wordDiff(a, b); // warm up
      figures.push({
        name: `wordDiff: ${name}, ${label}`,
        figure: await measure(runs, 1, async () => wordDiff(a, b)),
        baseline: `baseline: split, ${label}`,
      });
    }
  }
  if (values.json)
    console.log(JSON.stringify({ benchmark: 'diff', runs, figures: Object.fromEntries(figures.map((f) => [f.name, f.figure])) }));
  else printTable(`diff: word diff of two responses, ${runs} runs each`, figures);
}
