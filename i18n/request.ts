import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { getSessionUser } from '@/lib/auth/session';
import { loadLocaleInputs, projectIdOfPath } from '@/lib/i18n/load-locale-inputs';
import { negotiateLocale, type Locale } from '@/lib/i18n/locales';
import { withFallback, type Messages } from '@/lib/i18n/messages';
import { FALLBACK_TIME_ZONE, TIME_ZONE_COOKIE, validTimeZone } from '@/lib/i18n/time-zone';
import { PATHNAME_HEADER } from '@/lib/i18n/pathname-header';
import en from '@/messages/en.json';

/**
 * next-intl's request configuration (issue 31), without i18n routing: no locale in the URL. The locale
 * is negotiated once per request on the server (profile, else Accept-Language, else the default of the
 * project the request is about: lib/i18n/load-locale-inputs.ts), and NextIntlClientProvider hands the
 * same locale, messages and time zone to the browser, so server and client render the same text.
 */
export default getRequestConfig(async () => {
  const [requestHeaders, cookieStore, user] = await Promise.all([headers(), cookies(), getSessionUser()]);
  const inputs = user
    ? await loadLocaleInputs({
        userId: user.id,
        isAdmin: user.role === 'ADMIN',
        routeProjectId: projectIdOfPath(requestHeaders.get(PATHNAME_HEADER)),
      })
    : { profile: null, projectDefault: null };
  const locale = negotiateLocale({ ...inputs, acceptLanguage: requestHeaders.get('accept-language') });
  return {
    locale,
    messages: await loadMessages(locale),
    timeZone: validTimeZone(cookieStore.get(TIME_ZONE_COOKIE)?.value) ?? FALLBACK_TIME_ZONE,
  };
});

async function loadMessages(locale: Locale): Promise<Messages> {
  if (locale === 'en') return en;
  const own = (await import(`../messages/${locale}.json`)).default as Messages;
  return withFallback(own, en);
}
