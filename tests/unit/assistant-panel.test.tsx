/** The Assistant panel renders the assistant's answers as inert text (issue 25): markup in a model's answer never becomes HTML. */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AssistantPanel, type AssistantMount } from '@/components/label/assistant-panel';
import type { AssistanceAnswerView } from '@/lib/assist/types';
import { inEnglish } from '../helpers/intl';

const PAYLOAD =
  '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"><a href="javascript:alert(1)">click</a><b>bold</b> [x](javascript:alert(3))';

const answer = (over: Partial<AssistanceAnswerView>): AssistanceAnswerView => ({
  id: '00000000-0000-4000-8000-000000000001',
  clientKey: 'k1234567',
  kind: 'CRITIQUE',
  responseLabel: 'A',
  claim: null,
  status: 'ANSWERED',
  answer: PAYLOAD,
  error: null,
  requestedAt: new Date(0).toISOString(),
  lookMs: 0,
  ...over,
});

function render(requests: AssistanceAnswerView[]) {
  const mount: AssistantMount = {
    view: { assignmentId: '00000000-0000-4000-8000-0000000000aa', kinds: ['CRITIQUE', 'FACT_CHECK'], requests },
    ask: async () => ({ ok: false, error: 'unused' }),
    recordLook: async () => ({ ok: true, updated: 0 }),
  };
  return renderToStaticMarkup(
    inEnglish(
      <AssistantPanel
        mount={mount}
        responses={[
          { id: '00000000-0000-4000-8000-0000000000b1', label: 'A', text: 'Paris is the capital of France.' },
          { id: '00000000-0000-4000-8000-0000000000b2', label: 'B', text: 'Lyon.' },
        ]}
        locked={false}
      />,
    ),
  );
}

describe('AssistantPanel', () => {
  it('shows an answer with <script>, <img onerror> and javascript: links as text, and a fact-checked claim likewise', () => {
    const html = render([answer({}), answer({ id: '00000000-0000-4000-8000-000000000002', kind: 'FACT_CHECK', claim: '<i>claim</i>' })]);
    expect(html).toContain('Critique of Response A');
    expect(html).toContain('&lt;script&gt;window.pwned = 1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.pwned = 2&quot;&gt;');
    expect(html).toContain('&lt;i&gt;claim&lt;/i&gt;');
    expect(html).not.toMatch(/<script|<img|<a |<b>|<i>|href="javascript/i);
  });

  it('names responses by their shown letter only and says a failure in words with a retry', () => {
    const html = render([
      answer({ status: 'FAILED', answer: null, error: "The assistant's model server is rate-limiting requests right now. Try again." }),
    ]);
    expect(html).toContain('rate-limiting requests right now');
    expect(html).toMatch(/<button[^>]*>Ask again<\/button>/);
    expect(html).toContain('Response A</option>');
    expect(html).toContain('Response B</option>');
  });
});
