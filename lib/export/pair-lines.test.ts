/** The fast pair line writer must give exactly jsonLine(pairFormatRow(...)), the golden definition. */
import { describe, expect, it } from 'vitest';
import { expandPairs } from '@/lib/export/expand-pairs';
import { jsonLine, pairFormatRow } from '@/lib/export/format-rows';
import { createPairLineWriter } from '@/lib/export/pair-lines';
import { DEFAULT_PAIR_OPTIONS, PAIR_FORMATS, type ExportItem, type PairOptions } from '@/lib/export/types';

const TEXTS = [
  '4',
  'say "hi"\n\tthen\\leave',
  'émoji 🎉 and \u2028 line sep',
  'lone \ud800 surrogate',
  '',
  '<script>&</script>',
  'x'.repeat(300),
];

/** A deterministic pseudo-random item: 2–5 responses, 0–4 rankings with ties, Likert scores, some ids missing. */
function item(seed: number, conversation: boolean): ExportItem {
  let s = seed;
  const rand = (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
  const k = 2 + rand(4);
  const responses = Array.from({ length: k }, (_, i) => ({
    id: `r${seed}-${i}`,
    externalId: rand(3) === 0 ? null : `ext-${i}`,
    modelId: null,
    text: TEXTS[rand(TEXTS.length)]!,
  }));
  const judgments = Array.from({ length: rand(5) }, (_, j) => {
    const order = [...responses.map((r) => r.id)].sort(() => rand(3) - 1);
    const ranking: string[][] = [];
    for (const id of order) {
      if (ranking.length > 0 && rand(4) === 0) ranking[ranking.length - 1]!.push(id);
      else ranking.push([id]);
    }
    return {
      judgmentId: `j${j}`,
      labeler: `labeler-${j}`,
      source: 'LABELED' as const,
      ranking,
      allUnacceptable: false,
      likert: Object.fromEntries(responses.map((r) => [r.id, rand(4) === 0 ? null : 1 + rand(7)])),
      flags: {},
      flaws: {},
      promptFlags: [],
      shownOrder: null,
      durationMs: 1,
      taxonomyVersion: 1,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
  });
  const messages = conversation
    ? [
        { role: 'system' as const, content: 'Be "brief".' },
        { role: 'user' as const, content: `Q${seed} ${TEXTS[rand(TEXTS.length)]}` },
        { role: 'assistant' as const, content: 'A' },
        { role: 'user' as const, content: 'And?' },
      ]
    : [{ role: 'user' as const, content: `Q${seed} ${TEXTS[rand(TEXTS.length)]}` }];
  return {
    itemId: `uuid-${seed}`,
    externalId: seed % 2 ? `q${seed}` : null,
    messages,
    responses,
    isGold: false,
    judgments,
    adjudicatedRanking: null,
  };
}

describe('createPairLineWriter', () => {
  it('writes every format byte for byte as jsonLine(pairFormatRow)', () => {
    const variants: Partial<PairOptions>[] = [
      {},
      { ties: 'keep', margin: 'votes' },
      { margin: 'likert', marginMissing: 'zero', marginSigned: true },
      { mode: 'consensus', ties: 'keep', pairWeight: 'prompt' },
      { mode: 'consensus', margin: 'likert' },
      { promptTemplate: 'none' },
    ];
    let compared = 0;
    for (const format of PAIR_FORMATS) {
      for (const options of variants) {
        const all = { ...DEFAULT_PAIR_OPTIONS, ...options, validationShare: 0.5 };
        const line = createPairLineWriter(format, all);
        for (let seed = 1; seed <= 40; seed++) {
          const it = item(seed, !(format === 'pairs' && all.promptTemplate === 'none') && seed % 3 === 0);
          for (const pair of expandPairs(it, all)) {
            expect(line(pair)).toBe(jsonLine(pairFormatRow(format, pair, all)));
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
