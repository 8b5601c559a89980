import { getLocale } from 'next-intl/server';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';

/**
 * The locale the label page renders in: next-intl's for this request (i18n/request.ts), so the lead's
 * texts, the catalogue and the working locale stored with a submit all name the same one.
 */
export async function labelerLocale(): Promise<Locale> {
  const locale = await getLocale();
  return isLocale(locale) ? locale : DEFAULT_LOCALE;
}
