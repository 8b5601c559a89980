import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TAssistanceSettingsForm } from '@/lib/assist/schemas';

/**
 * A lead sets the project's assistance (issue 25): on or off, the connection (one the project may
 * use: its own or a shared one, not removed), the requests offered and randomization. Other
 * settings are kept; audited in the same transaction. Arms already drawn never change.
 */
export async function updateAssistanceSettings(options: {
  actorId: string;
  projectId: string;
  input: TAssistanceSettingsForm;
}): Promise<void> {
  const { actorId, projectId, input } = options;
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    if (input.connectionId) {
      const usable = await tx.modelConnection.findFirst({
        where: { id: input.connectionId, archivedAt: null, OR: [{ projectId }, { projectId: null }] },
        select: { id: true },
      });
      if (!usable) {
        throw new AppError('INVALID_INPUT', 'Pick one of the connections listed', { connectionId: ['No such connection in this project'] });
      }
    }
    const stored = project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {};
    const assistance = { enabled: input.enabled, connectionId: input.connectionId, kinds: input.kinds, randomize: input.randomize };
    await tx.project.update({ where: { id: projectId }, data: { settings: { ...stored, assistance } } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'project.assistance_settings.update',
      targetType: 'project',
      targetId: projectId,
      data: assistance,
    });
  });
}
