import { describe, expect, it } from 'vitest';
import { freshnessSentences, type FreshnessView } from '@/components/dashboard/stats-freshness-banner';

const base: FreshnessView = { outOfDate: 35, staleItems: 0, labelers: [], progress: null, job: 'queued', forSeconds: null };

describe('the stale-figures banner (issue 23)', () => {
  it('names progress, excluded and included-again labelers, and imported items', () => {
    expect(
      freshnessSentences({
        ...base,
        progress: { done: 1250, total: 3000 },
        job: 'running',
        forSeconds: 40,
        staleItems: 3,
        labelers: [
          { name: 'Ann', excluded: true },
          { name: 'Bo', excluded: true },
          { name: 'Cy', excluded: false },
        ],
      }),
    ).toEqual([
      'Recomputing: 1,250 of 3,000 items (40 s); figures still include the labels of Ann and Bo (excluded), and not yet the labels of Cy (included again).',
      '3 items imported or edited are not yet counted.',
    ]);
  });

  it('says when only an inclusion waits, or nothing has started yet', () => {
    expect(freshnessSentences({ ...base, labelers: [{ name: 'Cy', excluded: false }] })).toEqual([
      '35 items wait for a recompute (queued); figures do not yet include the labels of Cy (included again).',
    ]);
    expect(freshnessSentences({ ...base, outOfDate: 1, staleItems: 1, job: null })).toEqual([
      '1 item waits for a recompute.',
      '1 item imported or edited is not yet counted.',
    ]);
  });

  it('says when a backlog of changes is being folded in the background, alone or after the recompute', () => {
    const backlog =
      'Folding a backlog of recent labels and changes in the background: progress, agreement, labelers and models show the figures of the last fold until it is done.';
    expect(freshnessSentences({ ...base, outOfDate: 0, job: null })).toEqual([]);
    expect(freshnessSentences({ ...base, outOfDate: 0, job: 'queued', foldBacklog: true })).toEqual([backlog]);
    expect(freshnessSentences({ ...base, foldBacklog: true })).toEqual(['35 items wait for a recompute (queued).', backlog]);
  });
});
