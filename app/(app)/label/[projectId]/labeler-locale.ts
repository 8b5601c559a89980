import { headers } from 'next/headers';
import { negotiateLocale, type Locale } from '@/lib/i18n/locales';

/** The locale the label page renders in. */
export async function labelerLocale(): Promise<Locale> {
  return negotiateLocale({ acceptLanguage: (await headers()).get('accept-language') });
}
