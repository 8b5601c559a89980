import type { Locale } from '@/lib/i18n/locales';
import type { TSkipReason } from '@/lib/taxonomy/skip-reasons';
import type { ProjectTexts } from '@/lib/taxonomy/get-project-translation';
import type { Taxonomy, TFlagDefinition } from '@/lib/taxonomy/schemas';

/**
 * Where a lead-written text is shown in the project's default language for want of a translation: that
 * locale and its name in the labeler's language ("inglés"), for the note "shown in English: no translation yet".
 * The name is made on the server (Intl.DisplayNames), so server and browser render the same text.
 */
export type TextFallback = { locale: Locale; language: string };

/** A flag as a labeler's screen shows it: the key stays (labels store keys); label and description in the labeler's locale, or the default text and `fallback`. */
export type DisplayFlag = TFlagDefinition & { fallback?: TextFallback };
export type DisplayTaxonomy = Omit<Taxonomy, 'responseFlags' | 'promptFlags'> & {
  responseFlags: DisplayFlag[];
  promptFlags: DisplayFlag[];
};

/** What the labeler screens show of the lead's texts in one locale. */
export type LocalizedTexts = {
  locale: Locale;
  /** The guidelines in the locale, or the default ones with `fallback`. */
  guidelines: { text: string; fallback?: TextFallback };
  /** The lead's wording of skip reasons in this locale; the others use the app's own catalogue text. */
  skipReasons: Partial<Record<TSkipReason, { label: string; description: string }>>;
};

/** `locale`'s name in the language of `inLocale`: "inglés" for en in es. */
export function languageName(locale: Locale, inLocale: Locale): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale;
  }
}

function fallbackOf(texts: ProjectTexts, locale: Locale): TextFallback | null {
  return locale === texts.defaultLocale ? null : { locale: texts.defaultLocale, language: languageName(texts.defaultLocale, locale) };
}

/** One list of flags in `locale`: the lead's translation by key, else the default text with `fallback`. */
export function localizeFlags(
  flags: TFlagDefinition[],
  texts: ProjectTexts,
  locale: Locale,
  list: 'responseFlags' | 'promptFlags',
): DisplayFlag[] {
  const fallback = fallbackOf(texts, locale);
  if (!fallback) return flags;
  const byKey = texts.translation[list];
  return flags.map((flag) => {
    const text = byKey[flag.key];
    return text ? { key: flag.key, label: text.label, description: text.description } : { ...flag, fallback };
  });
}

/**
 * The taxonomy with each flag's label and description in `locale` (issue 31). In the project's default
 * locale the taxonomy's own text is shown as it is; elsewhere a flag the lead did not translate keeps
 * the default text and is marked.
 */
export function localizeTaxonomy<T extends Taxonomy>(
  taxonomy: T,
  texts: ProjectTexts,
  locale: Locale,
): Omit<T, 'responseFlags' | 'promptFlags'> & DisplayTaxonomy {
  return {
    ...taxonomy,
    responseFlags: localizeFlags(taxonomy.responseFlags, texts, locale, 'responseFlags'),
    promptFlags: localizeFlags(taxonomy.promptFlags, texts, locale, 'promptFlags'),
  };
}

/** The guidelines and skip reasons in `locale`, falling back to the project's default guidelines (marked). */
export function localizeProjectTexts(options: { texts: ProjectTexts; locale: Locale; defaultGuidelines: string }): LocalizedTexts {
  const { texts, locale, defaultGuidelines } = options;
  const own = locale !== texts.defaultLocale ? texts.translation.guidelines.trim() : '';
  const fallback = fallbackOf(texts, locale);
  const guidelines =
    !fallback || own || !defaultGuidelines.trim() ? { text: own || defaultGuidelines } : { text: defaultGuidelines, fallback };
  return { locale, guidelines, skipReasons: locale === texts.defaultLocale ? {} : texts.translation.skipReasons };
}
