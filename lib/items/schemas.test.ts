import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZItemListQuery, ZSetItemGoldForm } from '@/lib/items/schemas';

const projectId = randomUUID();
const itemId = randomUUID();
const [a, b, c, d] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];

const errorsOf = (input: Record<string, unknown>) => {
  const r = ZSetItemGoldForm.safeParse({ projectId, itemId, ...input });
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('ZSetItemGoldForm', () => {
  it('turns ranks into tie groups, best first; equal ranks tie and gaps do not matter', () => {
    const parsed = ZSetItemGoldForm.parse({
      projectId,
      itemId,
      [`ranks.${a}`]: '7',
      [`ranks.${b}`]: '2',
      [`ranks.${c}`]: ' 7 ',
      [`ranks.${d}`]: '3',
    });
    expect(parsed).toEqual({ projectId, itemId, ranking: [[b], [d], [a, c]] });
    expect(ZSetItemGoldForm.parse({ projectId, itemId, [`ranks.${a}`]: '1', [`ranks.${b}`]: '1' }).ranking).toEqual([[a, b]]);
  });

  it('names the field of each bad rank', () => {
    expect(errorsOf({ [`ranks.${a}`]: '', [`ranks.${b}`]: '0', [`ranks.${c}`]: '1.5', [`ranks.${d}`]: 'first' })).toEqual({
      [`ranks.${a}`]: 'Give this response a rank',
      [`ranks.${b}`]: 'Rank must be 1 or more (1 = best)',
      [`ranks.${c}`]: 'Rank must be a whole number',
      [`ranks.${d}`]: 'Rank must be a number',
    });
    expect(errorsOf({})).toEqual({ ranks: 'Rank the responses' });
    expect(errorsOf({ itemId: 'nope', [`ranks.${a}`]: '1' })).toEqual({ itemId: 'Unknown item' });
  });
});

describe('search filters in a URL', () => {
  it('drop a text the rule refuses instead of sending it to a query', () => {
    expect(ZItemListQuery.parse({ q: 'a\u0000b', model: 'm\uD800' })).toMatchObject({ q: undefined, model: undefined });
    expect(ZItemListQuery.parse({ q: 'fine' }).q).toBe('fine');
  });
});
