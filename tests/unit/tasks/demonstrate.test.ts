/** The demonstration kind's own parts, pure (lib/tasks/kinds/demonstrate.ts); its SQL runs against PostgreSQL in tests/integration/demonstrations. */
import { describe, expect, it } from 'vitest';
import { DEMONSTRATE } from '@/lib/tasks/kinds/demonstrate';
import { ASSIGNMENT, context, locked, refusal } from './pure-hooks';

describe('the demonstration kind', () => {
  const settings = { demonstrate: { minLength: 5, maxLength: 12 } };
  it('refuses a text shorter than the minimum (trimmed) or longer than the maximum, naming text', async () => {
    const short = await refusal(
      DEMONSTRATE.submit.validate(context(settings), locked, { assignmentId: ASSIGNMENT, text: '  abc    ', activeMs: 1 }),
    );
    expect(short.message).toBe('A demonstration is at least 5 characters (this one has 3)');
    expect(short.fieldErrors).toEqual({ text: ['At least 5 characters'] });
    const long = await refusal(
      DEMONSTRATE.submit.validate(context(settings), locked, { assignmentId: ASSIGNMENT, text: 'abcdefghijklm', activeMs: 1 }),
    );
    expect(long.message).toBe('A demonstration is at most 12 characters (this one has 13)');
    expect(long.fieldErrors).toEqual({ text: ['At most 12 characters'] });
  });

  it('accepts a text within the bounds', async () => {
    await expect(
      DEMONSTRATE.submit.validate(context(settings), locked, { assignmentId: ASSIGNMENT, text: 'abcdefg', activeMs: 1 }),
    ).resolves.toBeNull();
  });

  it('clears its draft at submit and holds its slot on the assignment', () => {
    expect(DEMONSTRATE.submit.keepDraft).toBeUndefined();
    expect(DEMONSTRATE.submit.slotOnAssignment).toBeUndefined();
  });
});
