'use client';

import { useTranslations } from 'next-intl';
import type { TextFallback } from '@/lib/taxonomy/localize-project-texts';

/**
 * "Shown in English: no translation yet": beside a lead-written text (flag, guidelines) that has no
 * translation in the labeler's locale, so the labeler knows why it is in another language.
 */
export function FallbackNote({ fallback, className = '' }: { fallback: TextFallback; className?: string }) {
  const t = useTranslations('ProjectTexts');
  return (
    <span className={`text-xs font-normal text-slate-600 ${className}`} data-fallback-note>
      {t('fallbackNote', { language: fallback.language })}
    </span>
  );
}

/** A flag's label as the labeler's screen shows it: in the default language (lang set) with the note when not translated. */
export function FlagLabel({ flag }: { flag: { label: string; fallback?: TextFallback } }) {
  if (!flag.fallback) return <>{flag.label}</>;
  return (
    <span>
      <span lang={flag.fallback.locale}>{flag.label}</span> <FallbackNote fallback={flag.fallback} />
    </span>
  );
}
