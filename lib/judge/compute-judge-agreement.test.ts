import { describe, expect, it } from 'vitest';
import { computeJudgeAgreement, consensusSigns, type JudgeAgreementItem } from '@/lib/judge/compute-judge-agreement';
import { wilsonInterval } from '@/lib/stats';

// Hand-worked example (the figures in the comments are computed by hand, pair by pair).
const items: JudgeAgreementItem[] = [
  {
    itemId: 'i1',
    humans: [
      { userId: 'u1', ranking: [['a'], ['b'], ['c']] },
      { userId: 'u2', ranking: [['b'], ['a'], ['c']] },
      { userId: 'u3', ranking: [['a'], ['b', 'c']] },
    ],
    // Consensus a>b (2 to 1), a>c (3–0), b>c (2–0, one tie): the judge's c>b goes against it.
    judge: [['a'], ['c'], ['b']],
    judgeReversed: [['a'], ['b'], ['c']],
    models: { a: 'm1', b: 'm2', c: 'm3' },
  },
  {
    itemId: 'i2',
    humans: [{ userId: 'u1', ranking: [['d'], ['e']] }],
    judge: [['d', 'e']],
    judgeReversed: [['e'], ['d']],
    models: { d: 'm1', e: 'm2' },
  },
];

describe('computeJudgeAgreement', () => {
  const result = computeJudgeAgreement(items, { resamples: 200 });

  it('judge vs consensus: 2 of 3 strict pairs; with ties as disagreement 2 of 4 (the judge tie on i2)', () => {
    expect(consensusSigns(items[0]!.humans.map((h) => h.ranking))).toEqual(
      new Map([
        ['a|b', 1],
        ['a|c', 1],
        ['b|c', 1],
      ]),
    );
    expect(result.judgeVsConsensus.tiesExcluded).toMatchObject({ agree: 2, compared: 3, estimate: 2 / 3 });
    expect(result.judgeVsConsensus.tiesAsDisagreement).toMatchObject({ agree: 2, compared: 4, estimate: 0.5 });
  });

  it('judge vs each labeler pooled: u1 2/3 + 0/0, u2 1/3, u3 2/2 → 5/8; ties as disagreement 5/10', () => {
    expect(result.judgeVsLabelers.tiesExcluded).toMatchObject({ agree: 5, compared: 8, estimate: 5 / 8 });
    expect(result.judgeVsLabelers.tiesAsDisagreement).toMatchObject({ agree: 5, compared: 10, estimate: 0.5 });
    expect(result.perLabeler).toEqual([
      { userId: 'u1', items: 2, tiesExcluded: { agree: 2, compared: 3 }, tiesAsDisagreement: { agree: 2, compared: 4 } },
      { userId: 'u2', items: 1, tiesExcluded: { agree: 1, compared: 3 }, tiesAsDisagreement: { agree: 1, compared: 3 } },
      { userId: 'u3', items: 1, tiesExcluded: { agree: 2, compared: 2 }, tiesAsDisagreement: { agree: 2, compared: 3 } },
    ]);
  });

  it('human vs human on the same items: u1–u2 2/3, u1–u3 2/2, u2–u3 1/2 → 5/7; ties as disagreement 5/9', () => {
    expect(result.humanVsHuman.tiesExcluded).toMatchObject({ agree: 5, compared: 7, estimate: 5 / 7 });
    expect(result.humanVsHuman.tiesAsDisagreement).toMatchObject({ agree: 5, compared: 9, estimate: 5 / 9 });
    for (const f of [result.judgeVsLabelers.tiesExcluded, result.humanVsHuman.tiesExcluded]) {
      expect(f.low).toBeLessThanOrEqual(f.estimate);
      expect(f.high).toBeGreaterThanOrEqual(f.estimate);
    }
    // Reproducible by seed.
    expect(computeJudgeAgreement(items, { resamples: 200 }).humanVsHuman).toEqual(result.humanVsHuman);
  });

  it('position consistency: 2 of 4 pairs the same in both orders, with the Wilson interval', () => {
    expect(result.positionConsistency).toEqual({ ...wilsonInterval(2, 4), consistent: 2, pairs: 4 });
  });

  it('marks the item where the judge orders a pair against a strict consensus, not the one where it only ties', () => {
    expect(result.disagreeingItems).toEqual(['i1']);
    expect(result.items).toBe(2);
  });

  it('Bradley–Terry scores from humans (m1 > m2 > m3) and from the judge side by side', () => {
    expect(result.modelScores.map((m) => m.model)).toEqual(['m1', 'm2', 'm3']);
    const [m1, m2, m3] = result.modelScores;
    expect(m1!.human!).toBeGreaterThan(m2!.human!);
    expect(m2!.human!).toBeGreaterThan(m3!.human!);
    expect(m1!.judge!).toBeGreaterThan(m2!.judge!);
  });

  it('no items: NaN figures, nothing compared', () => {
    const empty = computeJudgeAgreement([]);
    expect(empty.items).toBe(0);
    expect(empty.judgeVsConsensus.tiesExcluded.compared).toBe(0);
    expect(Number.isNaN(empty.positionConsistency.estimate)).toBe(true);
  });
});
