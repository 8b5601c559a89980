/**
 * The rules of issue 20 on hand-made cases: one consensus rule for pairs and `rankings`, pair
 * weights, margins that are never missing or negative unless asked, and split groups that never
 * straddle train and validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consensusOrder } from '@/lib/export/consensus-order';
import { expandPairs } from '@/lib/export/expand-pairs';
import { splitOf } from '@/lib/export/split';
import { ZExportRequest, toExportSettings } from '@/lib/export/schemas';
import type { ExportItem } from '@/lib/export/types';
import { streamShards, writeExport } from '@/lib/export/write-export';
import { judgment, options } from '@/tests/helpers/export-items';

const three = (rankings: string[][][], likert: Record<string, number | null>[] = []): ExportItem => ({
  itemId: 'i1',
  externalId: null,
  messages: [{ role: 'user', content: 'Pick.' }],
  responses: ['a', 'b', 'c', 'd']
    .slice(0, Math.max(3, ...rankings.map((r) => r.flat().length)))
    .map((id) => ({ id, externalId: null, modelId: null, text: id.toUpperCase() })),
  isGold: false,
  adjudicatedRanking: null,
  judgments: rankings.map((r, i) => judgment(`L${i}`, r, likert[i] ?? {})),
});
const show = (pairs: ReturnType<typeof expandPairs>) => pairs.map((p) => `${p.chosen.id}${p.tie ? '=' : '>'}${p.rejected.id}`);

describe('consensus: the pairwise majority grouped by its cycles', () => {
  it('a majority cycle a > b > c > a is one tie group: no pair trains a preference the rankings do not hold', () => {
    const cycle = three([
      [['a'], ['b'], ['c']],
      [['b'], ['c'], ['a']],
      [['c'], ['a'], ['b']],
    ]);
    expect(consensusOrder(cycle)).toEqual([['a', 'b', 'c']]);
    expect(show(expandPairs(cycle, options({ mode: 'consensus' })))).toEqual([]);
    expect(show(expandPairs(cycle, options({ mode: 'consensus', ties: 'keep' })))).toEqual(['a=b', 'a=c', 'b=c']);
  });

  it('where mean rank and majority disagree, both the order and the pairs follow the majority', () => {
    // b is above a in 2 of 3 rankings, but a's mean rank (1.67) beats b's (2.0): the old rules disagreed here.
    const item = three([
      [['b'], ['a'], ['c'], ['d']],
      [['b'], ['a'], ['c'], ['d']],
      [['a'], ['c'], ['d'], ['b']],
    ]);
    expect(consensusOrder(item)).toEqual([['b'], ['a'], ['c'], ['d']]);
    expect(show(expandPairs(item, options({ mode: 'consensus' })))).toEqual(['b>a', 'a>c', 'a>d', 'b>c', 'b>d', 'c>d']);
  });

  it('every consensus pair agrees with the rankings order (random items)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const ranking = fc.shuffledSubarray(ids, { minLength: 4, maxLength: 4 }).chain((order) =>
      fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }).map((cuts) => {
        const groups: string[][] = [[order[0]!]];
        order.slice(1).forEach((id, i) => (cuts[i] ? groups.push([id]) : groups[groups.length - 1]!.push(id)));
        return groups;
      }),
    );
    fc.assert(
      fc.property(fc.array(ranking, { minLength: 1, maxLength: 5 }), (rankings) => {
        const item = three(rankings);
        const group = new Map<string, number>();
        consensusOrder(item).forEach((g, i) => g.forEach((id) => group.set(id, i)));
        for (const p of expandPairs(item, options({ mode: 'consensus', ties: 'keep' }))) {
          if (p.tie) expect(group.get(p.chosen.id)).toBe(group.get(p.rejected.id));
          else {
            expect(group.get(p.chosen.id)!).toBeLessThan(group.get(p.rejected.id)!);
            expect(p.votes.chosen).toBeGreaterThan(p.votes.rejected);
          }
        }
      }),
      { numRuns: 300, seed: 20 },
    );
  });
});

describe('weights', () => {
  const item = three([
    [['a'], ['b'], ['c'], ['d']],
    [['a'], ['b', 'c', 'd']],
  ]);

  it('per-labeler: each expanded ranking sums to 1 (6 pairs of 1/6; 3 pairs of 1/3)', () => {
    const pairs = expandPairs(item, options());
    expect(pairs.map((p) => p.weight)).toEqual([...Array(6).fill(1 / 6), ...Array(3).fill(1 / 3)]);
  });

  it('per prompt: the item sums to 1; consensus rows weigh 1 unless per prompt', () => {
    const pairs = expandPairs(item, options({ pairWeight: 'prompt' }));
    expect(pairs.every((p) => p.weight === 1 / 9)).toBe(true);
    expect(expandPairs(item, options({ mode: 'consensus' })).every((p) => p.weight === 1)).toBe(true);
    const consensus = expandPairs(item, options({ mode: 'consensus', pairWeight: 'prompt' }));
    expect(consensus.reduce((s, p) => s + p.weight, 0)).toBeCloseTo(1, 12);
  });
});

describe('margins', () => {
  // The labeler ranks a over b but scores b higher: the Likert difference contradicts the ranking.
  const item = three([[['a'], ['b'], ['c']]], [{ a: 3, b: 5, c: null }]);

  it('none by default; never negative unless signed; a missing one left out and counted, or 0.0', () => {
    expect(expandPairs(item, options()).map((p) => p.margin)).toEqual([null, null, null]);
    const skipped = { no_margin: 0, multi_turn: 0 };
    expect(expandPairs(item, options({ margin: 'likert' }), skipped).map((p) => [show([p])[0], p.margin])).toEqual([['a>b', 0]]);
    expect(skipped.no_margin).toBe(2);
    expect(expandPairs(item, options({ margin: 'likert', marginSigned: true })).map((p) => p.margin)).toEqual([-2]);
    expect(expandPairs(item, options({ margin: 'likert', marginMissing: 'zero' })).map((p) => p.margin)).toEqual([0, 0, 0]);
    expect(expandPairs(item, options({ margin: 'votes' })).map((p) => p.margin)).toEqual([1, 1, 1]);
  });
});

describe('split groups', () => {
  const item = (content: string, followUp: string, promptId?: string): ExportItem => ({
    ...three([[['a'], ['b'], ['c']]]),
    itemId: `${content}/${followUp}`,
    messages: [
      { role: 'user', content },
      { role: 'assistant', content: 'Sure.' },
      { role: 'user', content: followUp },
    ],
    ...(promptId ? { metadata: { prompt_id: promptId } } : {}),
  });

  it('first_turn: one opening question with different follow-ups never straddles; by conversation it can', () => {
    const share = { validationShare: 0.5 };
    let straddledByConversation = 0;
    for (let q = 0; q < 40; q++) {
      const variants = Array.from({ length: 6 }, (_, f) => item(`Question ${q}`, `Follow-up ${f}`));
      expect(new Set(variants.map((v) => splitOf(v, { ...share, splitBy: 'first_turn' }).split)).size).toBe(1);
      expect(new Set(variants.map((v) => splitOf(v, { ...share, splitBy: 'first_turn' }).group)).size).toBe(1);
      if (new Set(variants.map((v) => splitOf(v, { ...share, splitBy: 'conversation' }).split)).size > 1) straddledByConversation += 1;
    }
    expect(straddledByConversation).toBeGreaterThan(0);
  });

  it('metadata:<field>: items sharing a prompt_id share a side, whatever their text; an item without it falls back to its conversation', () => {
    for (let p = 0; p < 40; p++) {
      const variants = Array.from({ length: 5 }, (_, v) => item(`Text ${p}.${v}`, `More ${v}`, `P${p}`));
      expect(new Set(variants.map((x) => splitOf(x, { validationShare: 0.5, splitBy: 'metadata:prompt_id' }).split)).size).toBe(1);
    }
    const bare = item('Alone', 'Again');
    expect(splitOf(bare, { validationShare: 0.5, splitBy: 'metadata:prompt_id' })).toEqual(
      splitOf(bare, { validationShare: 0.5, splitBy: 'conversation' }),
    );
  });

  it('the export counts groups per split', async () => {
    const items = Array.from({ length: 30 }, (_, i) => item(`Question ${i % 10}`, `Follow-up ${i}`));
    async function* batches(): AsyncGenerator<{ items: ExportItem[]; scanned: number }> {
      yield { items, scanned: items.length };
    }
    const stats = await writeExport({
      settings: toExportSettings(ZExportRequest.parse({ format: 'pairs-chat', split_by: 'first_turn', validation_share: '0.5' })),
      batches: batches(),
      shards: streamShards(async () => undefined),
    });
    expect(stats.groups.train + stats.groups.validation).toBe(10);
    expect(stats.groups.validation).toBeGreaterThan(0);
    expect(stats.rows).toBe(30 * 3);
  });
});
