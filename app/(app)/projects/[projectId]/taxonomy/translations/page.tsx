import type { Metadata } from 'next';
import Link from 'next/link';
import { SKIP_REASON_LABELS } from '@/components/task/skip-form';
import { TranslationEditor } from '@/components/taxonomy/translation-editor';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { isLocale, LOCALE_NAMES, LOCALES } from '@/lib/i18n/locales';
import { getCurrentTaxonomy } from '@/lib/taxonomy/get-current-taxonomy';
import { getProjectTranslation } from '@/lib/taxonomy/get-project-translation';
import { SKIP_REASONS } from '@/lib/taxonomy/skip-reasons';
import { saveTranslationAction } from './actions';

export const metadata: Metadata = { title: 'Translations' };

const tabClass = (current: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium ${current ? 'bg-indigo-600 text-white' : 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`;

/** The lead's texts per locale (issue 31): flags, prompt flags, skip reasons and guidelines, beside the default text. */
export default async function TranslationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ locale?: string }>;
}) {
  const { projectId } = await params;
  const { locale: asked } = await searchParams;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const [taxonomy, base] = await Promise.all([
    getCurrentTaxonomy({ projectId: project.id }),
    getProjectTranslation({ projectId: project.id, locale: 'en' }),
  ]);
  const defaultLocale = base?.defaultLocale ?? 'en';
  const others = LOCALES.filter((l) => l !== defaultLocale);
  const locale = isLocale(asked) && asked !== defaultLocale ? asked : others[0]!;
  const texts = await getProjectTranslation({ projectId: project.id, locale });
  const skipReasons = SKIP_REASONS.map((key) => ({ key, label: SKIP_REASON_LABELS[key], description: '' }));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}/taxonomy`} className="text-sm text-indigo-700 hover:underline">
          ← Flag taxonomy
        </Link>
        <h1 className="text-2xl font-semibold">Translations</h1>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          The taxonomy and the guidelines are written in the project’s default language, {LOCALE_NAMES[defaultLocale]}. Give labelers who
          work in another language the flags, skip reasons and guidelines in theirs. Labels store each flag’s key, so a translation changes
          only what is shown. Where a text is not translated, labelers see the {LOCALE_NAMES[defaultLocale]} one with a note saying so.
        </p>
      </div>
      <nav aria-label="Language" className="flex flex-wrap gap-2">
        {others.map((l) => (
          <Link
            key={l}
            href={`/projects/${project.id}/taxonomy/translations?locale=${encodeURIComponent(l)}`}
            aria-current={l === locale ? 'page' : undefined}
            className={tabClass(l === locale)}
            lang={l}
          >
            {LOCALE_NAMES[l]}
          </Link>
        ))}
      </nav>
      <Card title={`${LOCALE_NAMES[locale]} (taxonomy version ${taxonomy.version})`}>
        <TranslationEditor
          key={locale}
          projectId={project.id}
          locale={locale}
          localeName={LOCALE_NAMES[locale]}
          defaultName={LOCALE_NAMES[defaultLocale]}
          lists={{ responseFlags: taxonomy.responseFlags, promptFlags: taxonomy.promptFlags, skipReasons }}
          defaultGuidelines={project.guidelines}
          translation={texts?.translation ?? { locale, responseFlags: {}, promptFlags: {}, skipReasons: {}, guidelines: '' }}
          action={saveTranslationAction}
        />
      </Card>
    </div>
  );
}
