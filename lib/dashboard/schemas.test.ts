import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZAdjudicateItemForm, ZDashboardQuery, ZSetMemberExcludedForm, ZSetMemberPausedForm } from '@/lib/dashboard/schemas';

const projectId = randomUUID();
const itemId = randomUUID();
const userId = randomUUID();
const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];

const errorsOf = (input: Record<string, unknown>) => {
  const r = ZAdjudicateItemForm.safeParse({ projectId, itemId, ...input });
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('ZAdjudicateItemForm', () => {
  it('turns ranks into a reference ranking with ties, and trims the note', () => {
    expect(
      ZAdjudicateItemForm.parse({
        projectId,
        itemId,
        verdict: 'ranking',
        [`ranks.${a}`]: '2',
        [`ranks.${b}`]: '1',
        [`ranks.${c}`]: '2',
        note: '  close call ',
      }),
    ).toEqual({
      projectId,
      itemId,
      ranking: [[b], [a, c]],
      invalid: false,
      note: 'close call',
    });
  });

  it('marks the item invalid and ignores any ranks sent along', () => {
    expect(ZAdjudicateItemForm.parse({ projectId, itemId, verdict: 'invalid', [`ranks.${a}`]: 'x' })).toEqual({
      projectId,
      itemId,
      ranking: null,
      invalid: true,
      note: '',
    });
  });

  it('names the field of each problem', () => {
    expect(errorsOf({ verdict: 'ranking' })).toEqual({ ranks: 'Rank the responses' });
    expect(errorsOf({ verdict: 'ranking', [`ranks.${a}`]: '0' })).toEqual({ [`ranks.${a}`]: 'Rank must be 1 or more (1 = best)' });
    expect(errorsOf({ verdict: 'invalid', note: 'x'.repeat(2001) })).toEqual({ note: 'Keep the note under 2,000 characters' });
    expect(Object.keys(errorsOf({ verdict: 'maybe' }))).toHaveLength(1);
  });
});

describe('member forms', () => {
  it('parse the posted "true" / "false" and refuse anything else', () => {
    expect(ZSetMemberPausedForm.parse({ projectId, userId, paused: 'true' })).toEqual({ projectId, userId, paused: true });
    expect(ZSetMemberExcludedForm.parse({ projectId, userId, excluded: 'false' })).toEqual({ projectId, userId, excluded: false });
    expect(ZSetMemberPausedForm.safeParse({ projectId, userId, paused: 'yes' }).success).toBe(false);
  });
});

describe('ZDashboardQuery', () => {
  it('reads the queue filter and page, falling back on anything malformed', () => {
    expect(ZDashboardQuery.parse({ queue: 'all', queuePage: '3' })).toEqual({ queue: 'all', queuePage: 3 });
    expect(ZDashboardQuery.parse({ queue: ['adjudicated', 'all'], queuePage: '-1' })).toEqual({ queue: 'adjudicated', queuePage: 1 });
    expect(ZDashboardQuery.parse({ queue: 'nope', queuePage: 'x' })).toEqual({ queue: 'open', queuePage: 1 });
    expect(ZDashboardQuery.parse({})).toEqual({ queue: 'open', queuePage: 1 });
  });
});
