import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TStepsSettingsForm } from '@/lib/steps/schemas';

/** A lead sets the steps kind's weight (settings.taskMix.steps), optionally turning every other kind off, and its settings (settings.steps); other settings are kept. Audited. */
export async function updateStepsSettings(options: {
  actorId: string;
  projectId: string;
  input: Omit<TStepsSettingsForm, 'projectId'>;
}): Promise<void> {
  const { actorId, projectId, input } = options;
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    const stored = (
      project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {}
    ) as Record<string, unknown>;
    const mix = stored.taskMix && typeof stored.taskMix === 'object' ? (stored.taskMix as Record<string, unknown>) : {};
    // "Steps only": every other kind of the mix (those stored and the four of the task mix form) off.
    const others = input.stepsOnly
      ? Object.fromEntries([...Object.keys(mix), 'rank', 'demonstrate', 'perturb', 'detect'].map((k) => [k, 0]))
      : {};
    const next = {
      ...stored,
      taskMix: { ...mix, ...others, steps: input.weight },
      steps: { split: input.split, untilFirstError: input.untilFirstError },
    };
    await tx.project.update({ where: { id: projectId }, data: { settings: next }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'project.steps_settings.update',
      targetType: 'project',
      targetId: projectId,
      data: { weight: input.weight, stepsOnly: input.stepsOnly, steps: next.steps },
    });
  });
}
