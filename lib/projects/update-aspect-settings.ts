import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TAspectSettings } from '@/lib/aspects/schemas';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';

/**
 * A lead sets the project's aspects (issue 27): on or off and the list (other settings are kept).
 * Labels already stored are not touched: each answer keeps the aspect name and description it
 * was given under (judgment_aspects), so renaming, rewording or removing an aspect changes only
 * what later rankings answer. Audited with the list before and after.
 */
export async function updateAspectSettings(options: { actorId: string; projectId: string; settings: TAspectSettings }): Promise<void> {
  const { actorId, projectId, settings } = options;
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    const stored = project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {};
    const before = (stored as { aspects?: unknown }).aspects ?? null;
    await tx.project.update({ where: { id: projectId }, data: { settings: { ...stored, aspects: settings } }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'project.aspects.update',
      targetType: 'project',
      targetId: projectId,
      data: { before, after: settings },
    });
  });
}
