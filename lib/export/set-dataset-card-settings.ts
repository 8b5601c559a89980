import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TDatasetCardSettings } from '@/lib/export/schemas';

/** A lead sets the licence and languages that later snapshots' dataset cards declare; other settings are kept. Audited. */
export async function setDatasetCardSettings(options: {
  actorId: string;
  projectId: string;
  input: Omit<TDatasetCardSettings, 'projectId'>;
}): Promise<void> {
  const { actorId, projectId, input } = options;
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    const stored = project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {};
    const datasetCard = { license: input.license, languages: [...new Set(input.languages)] };
    await tx.project.update({ where: { id: projectId }, data: { settings: { ...stored, datasetCard } } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'project.dataset_card.update',
      targetType: 'project',
      targetId: projectId,
      data: datasetCard,
    });
  });
}
