import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { readProjectSettings } from '@/lib/projects/settings';
import type { TPaySettings } from '@/lib/projects/pay-settings';
import type { TPayForm } from '@/lib/worklog/schemas';

/** A lead sets the project's pay rates (settings.pay); other settings are kept. Audited with before and after. */
export async function updatePaySettings(options: {
  actorId: string;
  projectId: string;
  input: Omit<TPayForm, 'projectId'>;
}): Promise<TPaySettings> {
  const { actorId, projectId, input } = options;
  const pay: TPaySettings = {
    currency: input.currency,
    perHour: input.perHour,
    perTask: {
      rank: input.rank,
      demonstrate: input.demonstrate,
      perturb: input.perturb,
      detect: input.detect,
      steps: input.steps,
      chat: input.chat,
    },
  };
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    const stored = project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {};
    const before = readProjectSettings(stored).pay;
    await tx.project.update({ where: { id: projectId }, data: { settings: { ...stored, pay } }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'project.pay.update',
      targetType: 'project',
      targetId: projectId,
      data: { before, after: pay },
    });
  });
  return pay;
}
