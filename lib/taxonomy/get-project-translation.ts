import { getSql } from '@/lib/db';
import { DEFAULT_LOCALE, isLocale, type Locale } from '@/lib/i18n/locales';
import { ZProjectTranslation, type TProjectTranslation } from '@/lib/taxonomy/schemas';

export type ProjectTexts = {
  /** The locale the taxonomy's own labels and the project's guidelines are written in (settings.defaultLocale). */
  defaultLocale: Locale;
  /** The lead's texts for the asked locale; empty maps when none were written. */
  translation: TProjectTranslation;
};

/**
 * A project's default locale and the lead's texts for one locale (issue 31), in one query; null for
 * no such project. A stored row that no longer parses (a key renamed since) counts as untranslated.
 */
export async function getProjectTranslation(options: { projectId: string; locale: Locale }): Promise<ProjectTexts | null> {
  const { projectId, locale } = options;
  const row = await getSql()
    .selectFrom('projects as p')
    .leftJoin('project_translations as t', (join) => join.onRef('t.projectId', '=', 'p.id').on('t.locale', '=', locale))
    .select(['p.settings', 't.responseFlags', 't.promptFlags', 't.skipReasons', 't.guidelines'])
    .where('p.id', '=', projectId)
    .executeTakeFirst();
  if (!row) return null;
  const setting = (row.settings as { defaultLocale?: unknown } | null)?.defaultLocale;
  const parsed = ZProjectTranslation.safeParse({
    locale,
    responseFlags: row.responseFlags ?? {},
    promptFlags: row.promptFlags ?? {},
    skipReasons: row.skipReasons ?? {},
    guidelines: row.guidelines ?? '',
  });
  const empty: TProjectTranslation = { locale, responseFlags: {}, promptFlags: {}, skipReasons: {}, guidelines: '' };
  return { defaultLocale: isLocale(setting) ? setting : DEFAULT_LOCALE, translation: parsed.success ? parsed.data : empty };
}
