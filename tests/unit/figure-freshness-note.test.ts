/** Issue 23: a figure computed off the request path says how old it is, that it is being recomputed, or that it is being computed. */
import { describe, expect, it } from 'vitest';
import { figureFreshnessSentence } from '@/components/dashboard/figure-freshness-note';

const now = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('figureFreshnessSentence', () => {
  it('gives the age of a current figure', () => {
    expect(figureFreshnessSentence({ asOf: new Date(now - 40_000), behind: false }, now, 'alarms')).toBe(
      'The alarms as of 40 s ago, on the current data.',
    );
  });

  it('says a figure behind the data is being recomputed, and how old the one shown is', () => {
    expect(figureFreshnessSentence({ asOf: new Date(now - 3 * 60_000), behind: true }, now, 'group figures')).toBe(
      'Recomputing: the group figures shown are from 3 min ago and do not include the latest labels or changes yet.',
    );
  });

  it('says a figure never computed is being computed', () => {
    expect(figureFreshnessSentence({ asOf: null, behind: true }, now, 'alarms')).toBe(
      'Computing alarms in the background: they appear here when done.',
    );
  });
});
