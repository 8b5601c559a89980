import type { Metadata } from 'next';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { TimeZoneReporter } from '@/components/i18n/time-zone-reporter';
import { HydrationMarker } from '@/components/ui/hydration-marker';
import { isLocale, localeDirection } from '@/lib/i18n/locales';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('Meta');
  return {
    title: { default: 'Preference Lab', template: '%s · Preference Lab' },
    description: t('description'),
  };
}

/** The locale was negotiated for this request by i18n/request.ts; the client receives it, its messages and time zone. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale} dir={isLocale(locale) ? localeDirection(locale) : 'ltr'}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          {children}
          <TimeZoneReporter />
        </NextIntlClientProvider>
        <HydrationMarker />
      </body>
    </html>
  );
}
