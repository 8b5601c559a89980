/** The detect kind's own parts, pure (lib/tasks/kinds/detect.ts); its SQL runs against PostgreSQL in tests/integration/detect-trials. */
import { describe, expect, it } from 'vitest';
import { ZSubmitDetectTrial } from '@/lib/detect/schemas';
import { DETECT } from '@/lib/tasks/kinds/detect';
import { A, ASSIGNMENT, B, C, context, locked, noDatabase, refusal } from './pure-hooks';

describe('the detect kind', () => {
  const trial = {
    ...locked,
    slot: null,
    trialId: B,
    perturbationId: C,
    responseId: A,
    variant: 'FLAWED' as const,
    arm: 'UNASSISTED' as const,
    cell: 1,
    submittedAt: null,
    saysFlawed: null,
    noticedYesFirst: null,
    text: 'x'.repeat(40),
    flawedStart: 10,
    flawedEnd: 20,
  };
  const answer = (o: object) => ZSubmitDetectTrial.parse({ assignmentId: ASSIGNMENT, likert: 3, saysFlawed: false, activeMs: 1, ...o });

  it('returns the stored answer on a repeat, asking "would you have noticed" only for an assisted yes', async () => {
    const at = new Date();
    expect(await DETECT.submit.stored(noDatabase, trial)).toBeNull();
    expect(await DETECT.submit.stored(noDatabase, { ...trial, submittedAt: at, saysFlawed: true, noticedYesFirst: true })).toEqual({
      trialId: B,
      duplicate: true,
      askWouldHaveNoticed: false,
      noticedYesFirst: null,
    });
    expect(
      await DETECT.submit.stored(noDatabase, { ...trial, arm: 'ASSISTED', submittedAt: at, saysFlawed: true, noticedYesFirst: false }),
    ).toEqual({
      trialId: B,
      duplicate: true,
      askWouldHaveNoticed: true,
      noticedYesFirst: false,
    });
  });

  it('refuses a span past the shown text and critique marks in the unassisted arm, naming the field', async () => {
    const past = await refusal(
      DETECT.submit.validate(context(), trial, answer({ saysFlawed: true, span: { start: 5, end: 41 }, description: 'd', severity: 2 })),
    );
    expect(past.fieldErrors).toEqual({ span: ['The selected span ends at 41, past the end of the text (40 characters)'] });
    const marked = await refusal(DETECT.submit.validate(context(), trial, answer({ critiqueMarks: [{ critiqueId: A, helpful: true }] })));
    expect(marked.fieldErrors).toEqual({ critiqueMarks: ['No critiques were shown in this task, so none can be marked'] });
  });

  it('takes the claim lock at submit and keeps its slot on the trial, not the assignment', () => {
    expect(DETECT.submit.claimLock).toBe(true);
    expect(DETECT.submit.slotOnAssignment).toBe(false);
  });
});
