import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TProjectTaskSettings } from '@/lib/demonstrations/schemas';

/** A lead sets the project's task mix and the demonstrate, perturb and detect settings; other settings are kept. Audited. */
export async function updateTaskSettings(options: { actorId: string; projectId: string; input: TProjectTaskSettings }): Promise<void> {
  const { actorId, projectId, input } = options;
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    // Keys this form does not know stay as stored.
    const stored = project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {};
    const next = {
      ...stored,
      taskMix: { rank: input.rankWeight, demonstrate: input.demonstrateWeight, perturb: input.perturbWeight, detect: input.detectWeight },
      demonstrate: { showResponses: input.showResponses, minLength: input.minLength, maxLength: input.maxLength, overlap: input.overlap },
      perturb: { overlap: input.perturbOverlap, sourceMinLikert: input.perturbSourceMinLikert },
      detect: { trialsPerSource: input.detectTrialsPerSource, minSpanOverlap: input.detectMinSpanOverlapPercent / 100 },
    };
    await tx.project.update({ where: { id: projectId }, data: { settings: next } });
    await recordAuditEvent(tx, { actorId, projectId, action: 'project.task_settings.update', targetType: 'project', targetId: projectId, data: { taskMix: next.taskMix, demonstrate: next.demonstrate, perturb: next.perturb, detect: next.detect } });
  });
}
