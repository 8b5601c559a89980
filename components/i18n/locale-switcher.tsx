'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useId, useState, useTransition } from 'react';
import { LOCALES, LOCALE_NAMES } from '@/lib/i18n/locales';

/**
 * The header's language menu (issue 31). Saves the choice in the profile (users.locale) through the
 * server action it is given, then re-renders the page in that locale. "Automatic" clears the choice.
 */
export function LocaleSwitcher({ saved, save }: { saved: string | null; save: (locale: string) => Promise<{ ok: boolean }> }) {
  const t = useTranslations('Header');
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(saved ?? '');
  const [pending, startTransition] = useTransition();
  const [failed, setFailed] = useState(false);
  return (
    <span className="flex items-center gap-1">
      <label htmlFor={id} className="sr-only">
        {t('language')}
      </label>
      <select
        id={id}
        value={value}
        disabled={pending}
        data-testid="locale-switcher"
        onChange={(event) => {
          const next = event.target.value;
          setValue(next);
          startTransition(async () => {
            const result = await save(next);
            setFailed(!result.ok);
            router.refresh();
          });
        }}
        className="rounded-md border border-slate-300 bg-white px-1.5 py-1 text-sm text-slate-700"
      >
        <option value="">{t('automaticLanguage', { language: LOCALE_NAMES[locale as keyof typeof LOCALE_NAMES] ?? locale })}</option>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
      {failed ? (
        <span role="alert" className="text-xs text-red-700">
          {t('languageNotSaved')}
        </span>
      ) : null}
    </span>
  );
}
