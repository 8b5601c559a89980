import { describe, expect, it } from 'vitest';
import { ZCreateProject } from '@/lib/projects/schemas';

const errorsOf = (input: unknown) => {
  const r = ZCreateProject.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('ZCreateProject', () => {
  it('fills defaults and normalises the slug', () => {
    const r = ZCreateProject.parse({ name: ' Helpfulness ', slug: 'Help-2026' });
    expect(r).toEqual({ name: 'Helpfulness', slug: 'help-2026', guidelines: '', overlap: 3, minResponses: 2, maxResponses: 9 });
  });
  it('names each bad field', () => {
    expect(errorsOf({ name: '', slug: 'a b', overlap: '0' })).toEqual({
      name: 'Name is required',
      slug: 'Use lowercase letters, digits and single dashes',
      overlap: 'Overlap must be at least 1',
    });
    expect(errorsOf({ name: 'x', slug: 'ok', minResponses: 5, maxResponses: 3 })).toEqual({
      maxResponses: 'Maximum responses must be at least the minimum',
    });
    expect(errorsOf({ name: 'x', slug: 'ok', overlap: '2.5' })).toEqual({ overlap: 'Overlap must be a whole number' });
  });
});
