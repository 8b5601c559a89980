import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TProjectTaskSettings, TSetMemberKinds } from '@/lib/projects/schemas';

/** The stored task mix's weights this form does not set (a kind added later, e.g. steps) are kept. */
const storedTaskMix = (stored: object): object => {
  const mix = (stored as { taskMix?: unknown }).taskMix;
  return mix && typeof mix === 'object' && !Array.isArray(mix) ? mix : {};
};

/**
 * A lead sets the project's task mix, the gold rate and the demonstrate, perturb and detect
 * settings (other settings are kept), and with `memberKinds` the task kinds of those members, all
 * in one transaction (the settings page's one Save). Audited; a member's kinds only when changed.
 */
export async function updateTaskSettings(options: {
  actorId: string;
  projectId: string;
  input: TProjectTaskSettings & { memberKinds?: TSetMemberKinds[] };
}): Promise<void> {
  const { actorId, projectId, input } = options;
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    // Keys this form does not know stay as stored.
    const stored = project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {};
    const next = {
      ...stored,
      ...(input.goldRatePercent === undefined ? {} : { goldRate: input.goldRatePercent / 100 }),
      // Weights this form does not set (chat's and steps', set by their own forms) stay as stored.
      taskMix: {
        ...storedTaskMix(stored),
        rank: input.rankWeight,
        demonstrate: input.demonstrateWeight,
        perturb: input.perturbWeight,
        detect: input.detectWeight,
      },
      demonstrate: { showResponses: input.showResponses, minLength: input.minLength, maxLength: input.maxLength, overlap: input.overlap },
      perturb: { overlap: input.perturbOverlap, sourceMinLikert: input.perturbSourceMinLikert },
      detect: { trialsPerSource: input.detectTrialsPerSource, minSpanOverlap: input.detectMinSpanOverlapPercent / 100 },
    };
    await tx.project.update({ where: { id: projectId }, data: { settings: next } });
    await recordAuditEvent(tx, {
      actorId,
      projectId,
      action: 'project.task_settings.update',
      targetType: 'project',
      targetId: projectId,
      data: {
        goldRate: next.goldRate ?? null,
        taskMix: next.taskMix,
        demonstrate: next.demonstrate,
        perturb: next.perturb,
        detect: next.detect,
      },
    });
    for (const member of input.memberKinds ?? []) {
      const current = await tx.membership.findUnique({
        where: { projectId_userId: { projectId, userId: member.userId } },
        select: { allowedKinds: true },
      });
      if (!current) throw new AppError('NOT_FOUND', 'No such member');
      if ([...current.allowedKinds].sort().join() === [...member.kinds].sort().join()) continue;
      await tx.membership.update({
        where: { projectId_userId: { projectId, userId: member.userId } },
        data: { allowedKinds: member.kinds },
        select: { id: true },
      });
      await recordAuditEvent(tx, {
        actorId,
        projectId,
        action: 'project.member.kinds',
        targetType: 'user',
        targetId: member.userId,
        data: { allowedKinds: member.kinds },
      });
    }
  });
}
