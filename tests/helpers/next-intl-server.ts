/**
 * next-intl's server functions for Vitest, which runs outside Next's React Server Components (its
 * `next-intl/server` then resolves to a build whose functions throw "not supported in Client
 * Components"). Pages, layouts and server actions called as functions in the integration tests get
 * the English catalogue in UTC, as a request with no profile locale, no Accept-Language match and an
 * English project would. Which locale a real request gets is tested through the negotiation (unit)
 * and in Chromium (e2e/i18n*.spec.ts); vitest.config.ts aliases `next-intl/server` here, as it does
 * `server-only`.
 */
import { createFormatter, createTranslator } from 'next-intl';
import en from '@/messages/en.json';

const locale = 'en';
const timeZone = 'UTC';

export async function getTranslations(options?: string | { namespace?: string }) {
  const namespace = typeof options === 'string' ? options : options?.namespace;
  // The namespace is a runtime string here; the app's own calls are typed against the catalogue by next-intl.
  return createTranslator({ locale, timeZone, messages: en, namespace: namespace as never });
}

export async function getFormatter() {
  return createFormatter({ locale, timeZone });
}

export async function getLocale() {
  return locale;
}

export async function getTimeZone() {
  return timeZone;
}

export async function getNow() {
  return new Date();
}

export async function getMessages() {
  return en;
}

/** i18n/request.ts passes its function through: the tests that read it call the function itself. */
export function getRequestConfig<T>(fn: T): T {
  return fn;
}
