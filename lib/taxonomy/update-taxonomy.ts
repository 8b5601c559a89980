import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError, isUniqueViolation } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import { ZTaxonomyFlags, type TTaxonomyFlags } from '@/lib/taxonomy/schemas';

/**
 * Saves an edited taxonomy as the project's next version and makes it current: assignments
 * claimed from now on record it; labels already given keep the version they were made under.
 * `baseVersion` is the version the lead edited; a concurrent edit makes it stale (409).
 */
export async function updateTaxonomy(options: {
  actorId: string;
  projectId: string;
  baseVersion: number;
  flags: TTaxonomyFlags;
}): Promise<{ version: number }> {
  const { actorId, projectId, baseVersion } = options;
  // Callers other than the editor (CLI, scripts) get the same checks: keys, labels, duplicates.
  const parsed = ZTaxonomyFlags.safeParse(options.flags);
  if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Invalid taxonomy');
  const flags = parsed.data;
  const stale = () => new AppError('CONFLICT', 'Someone else changed the taxonomy meanwhile; reload to see their version');
  return getDb()
    .$transaction(async (tx) => {
      const [project] = await tx.$queryRaw<{ settings: unknown }[]>`SELECT settings FROM projects WHERE id = ${projectId}::uuid FOR UPDATE`;
      if (!project) throw new AppError('NOT_FOUND', 'No such project');
      const settings = readProjectSettings(project.settings);
      if (settings.taxonomyVersion !== baseVersion) throw stale();
      const version = baseVersion + 1;
      await tx.flagTaxonomy.create({
        data: { projectId, version, responseFlags: flags.responseFlags, promptFlags: flags.promptFlags, createdById: actorId },
      });
      await tx.project.update({ where: { id: projectId }, data: { settings: { ...settings, taxonomyVersion: version } } });
      await recordAuditEvent(tx, {
        actorId,
        action: 'project.taxonomy.update',
        projectId,
        targetType: 'project',
        targetId: projectId,
        data: { version, responseFlags: flags.responseFlags.map((f) => f.key), promptFlags: flags.promptFlags.map((f) => f.key) },
      });
      return { version };
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? stale() : error;
    });
}
