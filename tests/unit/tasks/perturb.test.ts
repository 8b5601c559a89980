/** The perturb kind's own parts, pure (lib/tasks/kinds/perturb.ts); its SQL runs against PostgreSQL in tests/integration/perturbations. */
import { describe, expect, it } from 'vitest';
import { ZSubmitPerturbation } from '@/lib/perturb/schemas';
import { PERTURB } from '@/lib/tasks/kinds/perturb';
import { A, ASSIGNMENT, context, locked, refusal } from './pure-hooks';

describe('the perturb kind', () => {
  const source = 'The capital of France is Paris.';
  const input = (flawedText: string) =>
    ZSubmitPerturbation.parse({
      assignmentId: ASSIGNMENT,
      flawedText,
      description: 'wrong city',
      category: 'accuracy',
      severity: 3,
      missableBecause: 'plausible',
      activeMs: 1,
    });
  const row = { ...locked, sourceResponseId: A, sourceText: source };

  it('computes the changed span by diff', async () => {
    const span = await PERTURB.submit.validate(context(), row, input('The capital of France is Lyon.'));
    expect(source.slice(span.originalStart, span.originalEnd)).toContain('Paris');
    expect('The capital of France is Lyon.'.slice(span.flawedStart, span.flawedEnd)).toContain('Lyon');
  });

  it('refuses an unchanged text, or one changed only in whitespace, naming flawedText', async () => {
    for (const text of [source, 'The capital of  France is Paris.']) {
      const error = await refusal(PERTURB.submit.validate(context(), row, input(text)));
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.fieldErrors).toEqual({ flawedText: ['Unchanged: edit the text to plant a flaw'] });
    }
  });

  it('refuses when the source response is gone', async () => {
    const error = await refusal(PERTURB.submit.validate(context(), { ...row, sourceResponseId: null, sourceText: null }, input('x')));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('The response of this task is gone');
  });
});
