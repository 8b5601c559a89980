import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogues, checkRepositoryCatalogues, describeProblems, keyUsage, scanSource } from '@/scripts/i18n/check-catalogue';

const root = path.resolve(import.meta.dirname, '../..');

describe('the message catalogues (issue 31)', () => {
  it('every locale has every English key and no other, every message parses and uses English’s arguments, every key is used', () => {
    const problems = checkRepositoryCatalogues(root);
    expect(problems, describeProblems(problems)).toEqual([]);
  });
});

describe('checkCatalogues', () => {
  const en = { A: { hello: 'Hello {name}', items: '{count, plural, one {# item} other {# items}}' } };

  it('passes matching catalogues', () => {
    const ja = { A: { hello: 'こんにちは {name}', items: '{count, plural, other {# 件}}' } };
    expect(checkCatalogues({ catalogues: { en, ja }, reference: 'en' })).toEqual([]);
  });

  it('reports a missing file, a missing key and an extra key', () => {
    const problems = checkCatalogues({
      catalogues: { en, de: { A: { hello: 'Hallo {name}', bye: 'Tschüss' } }, fr: undefined },
      reference: 'en',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { locale: 'fr', problem: 'messages/fr.json does not exist' },
        { locale: 'de', key: 'A.items', problem: 'is missing (en has it)' },
        { locale: 'de', key: 'A.bye', problem: 'is not in en: an unused key' },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it('reports a message that does not parse as ICU, and one with other arguments than English', () => {
    const problems = checkCatalogues({
      catalogues: { en, es: { A: { hello: 'Hola {nombre}', items: '{count, plural, one {# cosa}' } } },
      reference: 'en',
    });
    expect(problems.map((p) => [p.key, p.problem.split(':')[0]])).toEqual([
      ['A.items', 'does not parse as ICU'],
      ['A.hello', 'uses other arguments than en'],
    ]);
  });

  it('reports a plural without its other clause', () => {
    const problems = checkCatalogues({ catalogues: { en: { A: { n: '{count, plural, one {# item}}' } } }, reference: 'en' });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.problem).toMatch(/does not parse as ICU/);
  });

  it('reports an English key the code does not use', () => {
    const used = keyUsage([scanSource('a.tsx', "const t = useTranslations('A'); t('hello');")]);
    const problems = checkCatalogues({ catalogues: { en }, reference: 'en', usedKeys: used });
    expect(problems).toEqual([{ locale: 'en', key: 'A.items', problem: 'is used nowhere in the code' }]);
  });
});

describe('keyUsage', () => {
  it('counts literal keys under the namespaces a file asks for, and dynamic keys by their fixed start', () => {
    const used = keyUsage([
      scanSource('a.tsx', "const t = useTranslations('Header'); t(`nav.${key}`); t('brand');"),
      scanSource('b.ts', "const t = await getTranslations({ locale, namespace: 'Errors.rank' }); t('tooFew');"),
    ]);
    expect(used('Header.nav.label')).toBe(true);
    expect(used('Header.brand')).toBe(true);
    expect(used('Header.signOut')).toBe(false);
    expect(used('Errors.rank.tooFew')).toBe(true);
    expect(used('Errors.rank.tooMany')).toBe(false);
    // A literal without its namespace in the same file does not count.
    expect(used('Other.brand')).toBe(false);
  });
});
