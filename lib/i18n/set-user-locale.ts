import 'server-only';
import { getDb } from '@/lib/db';
import { isLocale, type Locale } from '@/lib/i18n/locales';

/**
 * Saves the locale a user chose in the header's switcher (users.locale), or clears it (null: negotiate
 * from the browser and the project again). Only ever the caller's own row: the action passes the session's id.
 */
export async function setUserLocale(options: { userId: string; locale: Locale | null }): Promise<void> {
  const { userId, locale } = options;
  if (locale !== null && !isLocale(locale)) throw new Error(`Unknown locale ${String(locale)}`);
  await getDb().user.update({ where: { id: userId }, data: { locale } });
}
