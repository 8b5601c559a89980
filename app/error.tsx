'use client';

import { useTranslations } from 'next-intl';

// Next sends only a digest to the browser; the error itself is logged on the server.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('ErrorPages');
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <h1 className="mb-2 text-2xl font-semibold">{t('error.title')}</h1>
      <p className="mb-6 text-slate-700">
        {t('error.body')} {error.digest ? t('error.reference', { digest: error.digest }) : ''}
      </p>
      <button
        type="button"
        onClick={reset}
        className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
      >
        {t('error.retry')}
      </button>
    </main>
  );
}
