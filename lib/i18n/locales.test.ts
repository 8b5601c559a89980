import { describe, expect, it } from 'vitest';
import { localeDirection, matchLocale, negotiateLocale, parseAcceptLanguage } from '@/lib/i18n/locales';

describe('locale negotiation', () => {
  it('takes the profile locale over the browser and the project', () => {
    expect(negotiateLocale({ profile: 'ar', acceptLanguage: 'de-DE,de;q=0.9', projectDefault: 'fr' })).toBe('ar');
  });

  it('ignores a profile value that is not a supported locale', () => {
    expect(negotiateLocale({ profile: 'klingon', acceptLanguage: 'ja', projectDefault: 'fr' })).toBe('ja');
  });

  it('takes the best supported Accept-Language tag by weight, then header order', () => {
    expect(negotiateLocale({ acceptLanguage: 'nl;q=1, de;q=0.5, fr;q=0.8' })).toBe('fr');
    expect(negotiateLocale({ acceptLanguage: 'es-MX, ja' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: 'ja;q=0.5, ar;q=0.5' })).toBe('ja');
  });

  it('drops q=0 tags and falls back to the project default, then English', () => {
    expect(negotiateLocale({ acceptLanguage: 'de;q=0, nl', projectDefault: 'hi' })).toBe('hi');
    expect(negotiateLocale({ acceptLanguage: '*' })).toBe('en');
    expect(negotiateLocale({})).toBe('en');
  });

  it('matches regional tags to the supported locale of the same language', () => {
    expect(matchLocale('pt-PT')).toBe('pt-BR');
    expect(matchLocale('PT-br')).toBe('pt-BR');
    expect(matchLocale('zh-TW')).toBe('zh-CN');
    expect(matchLocale('en-GB')).toBe('en');
    expect(matchLocale('nl')).toBeNull();
  });

  it('parses the header with spaces and malformed weights', () => {
    expect(parseAcceptLanguage(' fr-CH , fr;q=0.9, en;q=abc ')).toEqual(['fr-CH', 'fr']);
    expect(parseAcceptLanguage(null)).toEqual([]);
  });

  it('mirrors Arabic only', () => {
    expect(localeDirection('ar')).toBe('rtl');
    expect(localeDirection('he' as never)).toBe('ltr');
    expect(localeDirection('ja')).toBe('ltr');
  });
});
