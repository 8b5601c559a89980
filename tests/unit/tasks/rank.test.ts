/** The ranking kind's own parts, pure (lib/tasks/kinds/rank.ts); its SQL runs against PostgreSQL in tests/integration/tasks and ranking-work. */
import { describe, expect, it } from 'vitest';
import { ZRankingDraft, ZSubmitRanking } from '@/lib/judgments/schemas';
import { RANK } from '@/lib/tasks/kinds/rank';
import { A, ASSIGNMENT, B, C, context, locked, refusal } from './pure-hooks';

describe('the ranking kind', () => {
  it('names every response a draft mentions: placed, unranked and rated', () => {
    const draft = ZRankingDraft.parse({
      ranking: [[A], [B]],
      unranked: [C],
      ratings: [{ responseId: A, likert: 5, flags: [], flaws: [] }],
    });
    expect(RANK.draft?.responseIds?.(draft).sort()).toEqual([A, A, B, C].sort());
  });

  it('refuses a skipped task and one the lead took back with their own messages, the rest with the default', () => {
    expect(RANK.submit.closed?.('SKIPPED')).toBe('This task was skipped');
    expect(RANK.submit.closed?.('RELEASED')).toBe(
      'Your lead took this task back (labeling paused). Your answers are still on this page to copy.',
    );
    expect(RANK.submit.closed?.('SUBMITTED')).toBeUndefined();
  });

  it('refuses a ranking that leaves out a response, naming the field, before reading anything', async () => {
    const input = ZSubmitRanking.parse({
      assignmentId: ASSIGNMENT,
      ranking: [[A]],
      allUnacceptable: false,
      ratings: [],
      promptFlags: [],
      durationMs: 1,
    });
    const error = await refusal(
      RANK.submit.validate(
        context(),
        { ...locked, shownOrder: [A, B], taxonomyVersion: 1, projectId: ASSIGNMENT, overlap: 3, labelExcluded: false },
        input,
      ),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(['ranking']);
  });

  it('keeps its draft on the submitted assignment and counts in the dashboard (stats hook)', () => {
    expect(RANK.submit.keepDraft).toBe(true);
    expect(typeof RANK.submit.after).toBe('function');
  });
});
