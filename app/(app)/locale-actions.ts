'use server';

import { revalidatePath } from 'next/cache';
import { requireUser } from '@/lib/auth/session';
import { isLocale } from '@/lib/i18n/locales';
import { setUserLocale } from '@/lib/i18n/set-user-locale';

/**
 * The header's locale switcher (issue 31): saves the signed-in user's own users.locale. An empty
 * value clears it (the browser's languages and the project default decide again). Refuses anything
 * that is not one of LOCALES.
 */
export async function setMyLocaleAction(locale: string): Promise<{ ok: boolean }> {
  const user = await requireUser();
  if (locale !== '' && !isLocale(locale)) return { ok: false };
  await setUserLocale({ userId: user.id, locale: locale === '' ? null : locale });
  revalidatePath('/', 'layout');
  return { ok: true };
}
