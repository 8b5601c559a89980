/** Issue 23: the dashboard says how old its cached intervals are, or that they are being recomputed. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { BootstrapNote } from '@/components/dashboard/bootstrap-note';

const info = { resamples: 1000, seed: 20_261_128, units: 1024, grouped: true };
const now = Date.UTC(2026, 11, 6, 12, 0, 0);

describe('BootstrapNote', () => {
  it('gives the age of current intervals', () => {
    const html = renderToStaticMarkup(<BootstrapNote info={info} freshness={{ asOf: new Date(now - 40_000), behind: false }} now={now} />);
    expect(html).toContain('Intervals as of 40 s ago, on the current data.');
    expect(html).not.toContain('Recomputing');
  });

  it('says intervals behind the data are being recomputed, and how old they are', () => {
    const html = renderToStaticMarkup(
      <BootstrapNote info={info} freshness={{ asOf: new Date(now - 3 * 60_000), behind: true }} now={now} />,
    );
    expect(html).toContain(
      'Recomputing: the intervals shown are from 3 min ago and do not include the latest labels yet; the estimates do.',
    );
  });

  it('says nothing about freshness without it', () => {
    expect(renderToStaticMarkup(<BootstrapNote info={info} />)).not.toMatch(/ago|Recomputing/);
  });
});
