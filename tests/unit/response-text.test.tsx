/** Issue 19: imported pairs may hold empty replies; the ranking screen shows a placeholder, never a blank card. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ItemResponses } from '@/components/items/item-responses';
import { ResponseText } from '@/components/ui/response-text';
import { inEnglish } from '../helpers/intl';

describe('ResponseText', () => {
  it('shows a placeholder for an empty or whitespace-only response', () => {
    expect(renderToStaticMarkup(inEnglish(<ResponseText text="" />))).toContain('(empty response: the model replied nothing)');
    expect(renderToStaticMarkup(inEnglish(<ResponseText text={'  \n'} />))).toContain(
      '(empty response: the model replied nothing but whitespace)',
    );
  });

  it('renders any other text as markdown, escaped', () => {
    const html = renderToStaticMarkup(inEnglish(<ResponseText text="**Paris** <b>x</b>" />));
    expect(html).toContain('<strong>Paris</strong>');
    expect(html).not.toContain('empty response');
    expect(html).not.toContain('<b>');
  });
});

describe('ItemResponses', () => {
  it('shows a lead the imported scores of a response and marks an empty one', () => {
    const html = renderToStaticMarkup(
      <ItemResponses
        responses={[
          {
            id: 'r1',
            externalId: 'a',
            modelId: null,
            text: 'Answer',
            labels: 0,
            importedScores: [
              ['helpfulness', '3'],
              ['verbosity', '1'],
            ],
          },
          { id: 'r2', externalId: 'b', modelId: null, text: '', labels: 0, importedScores: [] },
        ]}
      />,
    );
    expect(html).toContain('Imported scores: <span>helpfulness <span class="font-mono text-slate-900">3</span></span><span> · verbosity');
    expect(html).toContain('(empty response)');
    expect(html.match(/Imported scores/g)).toHaveLength(1);
  });
});
