import Link from 'next/link';
import { useTranslations } from 'next-intl';

export default function Forbidden() {
  const t = useTranslations('ErrorPages');
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="mb-2 text-2xl font-semibold">{t('forbidden.title')}</h1>
      <p className="mb-6 text-slate-700">{t('forbidden.body')}</p>
      <Link href="/" className="font-medium text-indigo-700 hover:underline">
        {t('home')}
      </Link>
    </main>
  );
}
