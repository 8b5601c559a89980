import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { flagKeyFromLabel, ZUpdateTaxonomyForm } from '@/lib/taxonomy/schemas';

const projectId = randomUUID();

/** Form fields for rows of [key, label, description?], as the editor names them. */
function rows(list: 'responseFlags' | 'promptFlags', entries: [string, string, string?][]) {
  return Object.fromEntries(
    entries.flatMap(([key, label, description], i) => [
      [`${list}.${i}.key`, key],
      [`${list}.${i}.label`, label],
      ...(description === undefined ? [] : [[`${list}.${i}.description`, description]]),
    ]),
  );
}

const errorsOf = (fields: Record<string, unknown>) => {
  const r = ZUpdateTaxonomyForm.safeParse({ projectId, baseVersion: '2', ...fields });
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('ZUpdateTaxonomyForm', () => {
  it('keeps the key of a renamed flag, derives keys for new ones and keeps the order shown', () => {
    // Fields arrive in any order; the index decides the place.
    const fields = {
      ...rows('responseFlags', [
        ['hallucination', ' Makes up facts ', 'Renamed'],
        ['', 'Too long!'],
        ['rude', 'Rude', ''],
      ]),
    };
    const shuffled = Object.fromEntries(Object.entries(fields).reverse());

    expect(ZUpdateTaxonomyForm.parse({ projectId, baseVersion: '2', ...shuffled })).toEqual({
      projectId,
      baseVersion: 2,
      responseFlags: [
        { key: 'hallucination', label: 'Makes up facts', description: 'Renamed' },
        { key: 'too_long', label: 'Too long!', description: '' },
        { key: 'rude', label: 'Rude', description: '' },
      ],
      promptFlags: [],
    });
  });

  it('names the row and field of each error', () => {
    expect(
      errorsOf({
        ...rows('responseFlags', [
          ['', ''],
          ['', '¿¡?'],
          ['ok', 'x'.repeat(121)],
          ['BAD KEY', 'Tampered'],
        ]),
        ...rows('promptFlags', [['ambiguous', 'Ambiguous', 'd'.repeat(501)]]),
      }),
    ).toEqual({
      'responseFlags.0.label': 'A flag needs a label',
      'responseFlags.1.label': 'Use at least one Latin letter or digit: the flag’s key is made from its label',
      'responseFlags.2.label': 'A flag label is 120 characters at most',
      'responseFlags.3.key': 'A flag key is 1–60 lower-case letters, digits or underscores',
      'promptFlags.0.description': 'A flag description is 500 characters at most',
    });
  });

  it('refuses a new flag whose key is taken in the same list, but not in the other list', () => {
    expect(
      errorsOf(
        rows('responseFlags', [
          ['too_long', 'Verbose'],
          ['', 'Too long'],
        ]),
      ),
    ).toEqual({ 'responseFlags.1.key': 'The flag key "too_long" is used twice' });
    expect(errorsOf({ ...rows('responseFlags', [['too_long', 'Verbose']]), ...rows('promptFlags', [['', 'Too long']]) })).toEqual({});
  });

  it('refuses more than 40 flags and a missing version', () => {
    const many = rows(
      'promptFlags',
      Array.from({ length: 41 }, (_, i): [string, string] => [`f${i}`, `Flag ${i}`]),
    );
    expect(errorsOf(many)).toEqual({ promptFlags: 'At most 40 flags' });
    expect(Object.keys(errorsOf({ baseVersion: '' }))).toEqual(['baseVersion']);
  });
});

describe('flagKeyFromLabel', () => {
  it('makes lower-case words joined by underscores', () => {
    expect(flagKeyFromLabel('Makes up facts!')).toBe('makes_up_facts');
    expect(flagKeyFromLabel('  Encourages violence, abuse or self-harm ')).toBe('encourages_violence_abuse_or_self_harm');
    expect(flagKeyFromLabel('日本語')).toBe('');
    expect(flagKeyFromLabel('Über-long café answer')).toBe('uber_long_cafe_answer');
  });
});
