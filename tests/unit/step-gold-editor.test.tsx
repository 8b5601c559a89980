/** Issue 27 step gold: the lead's editor preselects nothing on a new gold and shows the stored labels on an existing one. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StepGoldEditor } from '@/components/steps/step-gold-editor';

const noop = async () => ({ ok: true });
const base = {
  projectId: 'p',
  itemId: 'i',
  steps: ['First.', 'Second.'],
  untilFirstError: true,
  stale: false,
  setGold: noop,
  clearGold: noop,
};
const selected = (html: string) => [...html.matchAll(/<option value="([^"]*)" selected="">/g)].map((m) => m[1]);

describe('StepGoldEditor', () => {
  it('starts with every step and the verdict unrated (no default becomes gold)', () => {
    const html = renderToStaticMarkup(<StepGoldEditor {...base} gold={null} />);
    expect(selected(html)).toEqual(['', '', '']);
    expect(html).toContain('Mark step gold');
    expect(html).not.toContain('Remove step gold');
  });

  it('shows the stored gold for editing, and a stale gold unselected with a warning', () => {
    const gold = { labels: [{ rating: 1 }, { rating: -1, flaw: 'wrong sum' }], finalAnswer: 'INCORRECT' as const };
    const html = renderToStaticMarkup(<StepGoldEditor {...base} gold={gold} />);
    expect(selected(html)).toEqual(['1', '-1', 'INCORRECT']);
    expect(html).toContain('value="wrong sum"');
    expect(html).toContain('Remove step gold');
    const stale = renderToStaticMarkup(<StepGoldEditor {...base} gold={gold} stale />);
    expect(selected(stale)).toEqual(['', '', 'INCORRECT']);
    expect(stale).toContain('made on other steps');
  });
});
