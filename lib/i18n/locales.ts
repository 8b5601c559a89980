/*
 * The locales the labeler screens are translated into (issue 31) and how one is chosen for a request.
 * Pure functions: the server resolves the locale once per request from the labeler's profile, the
 * browser's Accept-Language and the project's default, and renders with it; the client receives the
 * same locale from the server (no second negotiation in the browser, so no hydration flash).
 */

/** BCP 47 tags, in the order the switcher lists them. */
export const LOCALES = ['en', 'es', 'de', 'fr', 'pt-BR', 'zh-CN', 'ja', 'hi', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each locale's name in its own language, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  es: 'Español',
  de: 'Deutsch',
  fr: 'Français',
  'pt-BR': 'Português (Brasil)',
  'zh-CN': '简体中文',
  ja: '日本語',
  hi: 'हिन्दी',
  ar: 'العربية',
};

const RTL: ReadonlySet<Locale> = new Set<Locale>(['ar']);

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The writing direction of a locale's UI (model responses keep their own: dir="auto" per block). */
export function localeDirection(locale: Locale): 'ltr' | 'rtl' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}

/**
 * The supported locale a language tag asks for, or null: an exact match (case-insensitive), else the
 * first supported locale with the same primary language ("pt-PT" → pt-BR, "zh-TW" → zh-CN, "es-MX" → es).
 */
export function matchLocale(tag: string): Locale | null {
  const wanted = tag.trim().toLowerCase();
  if (!wanted || wanted === '*') return null;
  const exact = LOCALES.find((l) => l.toLowerCase() === wanted);
  if (exact) return exact;
  const primary = wanted.split('-')[0];
  return LOCALES.find((l) => l.toLowerCase().split('-')[0] === primary) ?? null;
}

/** The language tags of an Accept-Language header, best first (q=0 dropped; equal q keeps header order). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((t) => t.tag && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((t) => t.tag);
}

/**
 * The locale a labeler works in: the one their profile names, else the first Accept-Language tag we
 * support, else the project's default, else English.
 */
export function negotiateLocale(options: {
  profile?: string | null;
  acceptLanguage?: string | null;
  projectDefault?: string | null;
}): Locale {
  if (isLocale(options.profile)) return options.profile;
  for (const tag of parseAcceptLanguage(options.acceptLanguage)) {
    const match = matchLocale(tag);
    if (match) return match;
  }
  if (isLocale(options.projectDefault)) return options.projectDefault;
  return DEFAULT_LOCALE;
}
