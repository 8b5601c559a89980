import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { TSetStudyLinkOpen } from '@/lib/study/schemas';

/**
 * Closes a study link to new participants (those already in keep resuming) or opens it again.
 * Only a link of the lead's project; the caller has checked that the actor leads it. Audited.
 */
export async function setStudyLinkOpen(options: { actorId: string; input: TSetStudyLinkOpen }) {
  const { actorId, input } = options;
  return getDb().$transaction(async (tx) => {
    const { count } = await tx.studyLink.updateMany({
      where: { id: input.linkId, projectId: input.projectId },
      data: { open: input.open },
    });
    if (count === 0) throw new AppError('NOT_FOUND', 'No such study link in this project');
    await recordAuditEvent(tx, {
      actorId,
      action: input.open ? 'study.link.open' : 'study.link.close',
      projectId: input.projectId,
      targetType: 'study_link',
      targetId: input.linkId,
    });
    return { open: input.open };
  });
}
