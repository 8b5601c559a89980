import type en from '@/messages/en.json';
import type { Locale } from '@/lib/i18n/locales';

// Message keys and locales are typed from the English catalogue: a key that does not exist fails typecheck.
declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
