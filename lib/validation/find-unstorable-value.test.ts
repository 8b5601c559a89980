import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { findUnstorableValue, formatValuePath, MAX_JSON_DEPTH } from '@/lib/validation/find-unstorable-value';
import { storable } from '@/lib/validation/storable';

const nest = (depth: number, leaf: unknown = 1): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('findUnstorableValue', () => {
  it('accepts ordinary text, emoji (paired surrogates), numbers and JSON up to the depth limit', () => {
    expect(findUnstorableValue({ a: 'héllo 👋 \uFEFF\uFFFD', b: [1, -0, 1e308, null, true], c: { d: 'ok' } })).toBeNull();
    expect(findUnstorableValue(nest(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses NUL, unpaired surrogates (high or low), in values and in keys, naming the path', () => {
    expect(findUnstorableValue({ note: 'a\u0000b' })).toEqual({
      path: ['note'],
      message: expect.stringMatching(/NUL character \(U\+0000\) at position 2/),
    });
    expect(findUnstorableValue({ r: [{ text: 'ok' }, { text: 'x\uD800' }] })).toEqual({
      path: ['r', 1, 'text'],
      message: expect.stringMatching(/unpaired surrogate \(U\+D800\)/),
    });
    expect(findUnstorableValue(['\uDC00y'])).toEqual({ path: [0], message: expect.stringMatching(/U\+DC00/) });
    expect(findUnstorableValue({ meta: { 'k\u0000': 1 } })).toEqual({
      path: ['meta', 'k\uFFFD'],
      message: expect.stringMatching(/^The field name contains a NUL/),
    });
  });

  it('refuses nesting past the limit without walking further, and non-finite numbers', () => {
    expect(findUnstorableValue(nest(MAX_JSON_DEPTH + 1))?.message).toBe(`Nested more than ${MAX_JSON_DEPTH} levels deep`);
    expect(findUnstorableValue(nest(100_000))?.path).toHaveLength(MAX_JSON_DEPTH);
    expect(findUnstorableValue(JSON.parse('{"x": 1e400}'))).toEqual({
      path: ['x'],
      message: expect.stringMatching(/^Infinity is not a finite number/),
    });
    expect(findUnstorableValue({ y: [-Infinity] })?.path).toEqual(['y', 0]);
    expect(findUnstorableValue(Number.NaN)?.message).toMatch(/^NaN/);
  });

  it('walks Maps and Sets (server action arguments) and stops at a cycle by depth', () => {
    expect(findUnstorableValue(new Map([['k', new Set(['\u0000'])]]))?.path).toEqual(['k', 0]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(findUnstorableValue(cyclic)?.message).toMatch(/Nested more than/);
  });

  it('formats paths as import errors do', () => {
    expect(formatValuePath(['responses', 2, 'text'])).toBe('responses[2].text');
    expect(formatValuePath([])).toBe('');
  });
});

describe('storable(schema)', () => {
  const schema = storable(z.object({ note: z.string(), n: z.number().optional() }));
  it('refuses before the schema runs, with the field path as a zod issue', () => {
    const parsed = schema.safeParse({ note: 'x\u0000' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['note'], message: expect.stringMatching(/NUL/) })]);
    // A pipe stops at the first failing step: the schema's own complaints do not pile up.
    expect(storable(z.object({ a: z.number() })).safeParse({ a: '\uD800' }).error?.issues).toHaveLength(1);
  });
  it('passes a good value to the schema unchanged', () => {
    expect(schema.parse({ note: 'fine', n: 2 })).toEqual({ note: 'fine', n: 2 });
    expect(schema.safeParse({ note: 5 }).success).toBe(false);
  });
});
