import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';

const strong = (chunks: ReactNode) => <strong>{chunks}</strong>;

/** What the profile stores, who sees it and how it is used (issue 10), in plain words. */
export function ProfileStatement({ minGroupSize }: { minGroupSize: number }) {
  const t = useTranslations('Profile.statement');
  return (
    <div className="flex flex-col gap-2 text-sm text-slate-700">
      <p>{t.rich('intro', { strong })}</p>
      <ul className="list-disc space-y-1 ps-5">
        <li>{t.rich('who', { strong })}</li>
        <li>{t.rich('routing', { strong })}</li>
        <li>{t.rich('groups', { strong, min: minGroupSize })}</li>
        <li>{t.rich('exports', { strong })}</li>
      </ul>
      <p>{t('clear')}</p>
    </div>
  );
}
