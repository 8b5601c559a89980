import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { getCurrentTaxonomy } from '@/lib/taxonomy/get-current-taxonomy';
import { ZProjectTranslation, type TProjectTranslation, type TTextsByKey } from '@/lib/taxonomy/schemas';

/**
 * Saves a lead's texts for one locale of a project (issue 31): flag, prompt-flag and skip-reason
 * labels by key, and the guidelines. Flag keys must be the current taxonomy's (field errors name the
 * row otherwise); texts of keys from older versions are kept, so tasks claimed under those versions
 * keep their translation. Translations never make a new taxonomy version: labels store keys.
 */
export async function saveProjectTranslation(options: {
  actorId: string;
  projectId: string;
  translation: TProjectTranslation;
}): Promise<void> {
  const { actorId, projectId } = options;
  const parsed = ZProjectTranslation.safeParse(options.translation);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid translation');
  const t = parsed.data;
  const taxonomy = await getCurrentTaxonomy({ projectId });
  const fieldErrors: Record<string, string[]> = {};
  for (const list of ['responseFlags', 'promptFlags'] as const) {
    const keys = new Set(taxonomy[list].map((f) => f.key));
    for (const key of Object.keys(t[list])) {
      if (!keys.has(key))
        fieldErrors[`${list}.${key}.label`] = [`"${key}" is not a flag of taxonomy version ${taxonomy.version}: reload the page`];
    }
  }
  if (Object.keys(fieldErrors).length > 0)
    throw new AppError('INVALID_INPUT', 'Some flags changed meanwhile: reload the page', fieldErrors);
  const current = (list: 'responseFlags' | 'promptFlags') => new Set(taxonomy[list].map((f) => f.key));
  await getDb().$transaction(async (tx) => {
    const stored = await tx.projectTranslation.findUnique({
      where: { projectId_locale: { projectId, locale: t.locale } },
      select: { responseFlags: true, promptFlags: true },
    });
    // Older versions' keys keep their texts; the current version's are replaced by the form's.
    const merged = (list: 'responseFlags' | 'promptFlags'): TTextsByKey => {
      const old = ZProjectTranslation.shape[list].safeParse(stored?.[list] ?? {});
      const kept = Object.entries(old.success ? old.data : {}).filter(([key]) => !current(list).has(key));
      return { ...Object.fromEntries(kept), ...t[list] };
    };
    const data = {
      responseFlags: merged('responseFlags'),
      promptFlags: merged('promptFlags'),
      skipReasons: t.skipReasons,
      guidelines: t.guidelines,
      updatedById: actorId,
      updatedAt: new Date(),
    };
    await tx.projectTranslation.upsert({
      where: { projectId_locale: { projectId, locale: t.locale } },
      create: { projectId, locale: t.locale, ...data },
      update: data,
    });
    await recordAuditEvent(tx, {
      actorId,
      action: 'project.translation.update',
      projectId,
      targetType: 'project',
      targetId: projectId,
      data: {
        locale: t.locale,
        responseFlags: Object.keys(t.responseFlags),
        promptFlags: Object.keys(t.promptFlags),
        skipReasons: Object.keys(t.skipReasons),
        guidelines: t.guidelines.length > 0,
      },
    });
  });
}
