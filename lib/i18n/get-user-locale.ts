import 'server-only';
import { getDb } from '@/lib/db';
import { isLocale, type Locale } from '@/lib/i18n/locales';

/** The locale a user saved in their profile (users.locale), or null when they let it be negotiated. */
export async function getUserLocale(options: { userId: string }): Promise<Locale | null> {
  const row = await getDb().user.findUnique({ where: { id: options.userId }, select: { locale: true } });
  return isLocale(row?.locale) ? row.locale : null;
}
