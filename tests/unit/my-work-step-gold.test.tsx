/** Issue 27 step gold on My work: the column appears only once a project has a step gold figure for the labeler. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MyWorkTable } from '@/components/my-work/my-work-table';
import type { MyQuality } from '@/lib/dashboard/types';
import { inEnglish } from '../helpers/intl';

const asOf = new Date(Date.UTC(2026, 11, 6));
const quality = (stepGold: MyQuality['stepGold']): MyQuality => ({
  looAgreement: null,
  goldAccuracy: null,
  stepGold,
  minNewPairs: 20,
  minNewTasks: 5,
});
const project = (name: string, q: MyQuality) => ({
  projectId: name,
  name,
  archived: false,
  today: 1,
  total: 3,
  medianDurationMs: 1000,
  skipped: 0,
  quality: q,
});

describe('MyWorkTable step gold', () => {
  it('has no Step gold column while no project has a figure', () => {
    const html = renderToStaticMarkup(inEnglish(<MyWorkTable projects={[project('A', quality(null))]} canLabel />));
    expect(html).not.toContain('Step gold');
    expect(html.match(/<td/g)).toHaveLength(6);
  });

  it('shows the figure, and a dash for projects without one', () => {
    const withGold = quality({ hits: 7, compared: 10, rate: 0.7, asOf, items: 5 });
    const html = renderToStaticMarkup(inEnglish(<MyWorkTable projects={[project('A', withGold), project('B', quality(null))]} canLabel />));
    expect(html).toContain('>Step gold</th>');
    expect(html).toContain('70.0% of 10 steps on 5 items (to 2026-12-06)');
    expect(html.match(/<td/g)).toHaveLength(14);
  });
});
