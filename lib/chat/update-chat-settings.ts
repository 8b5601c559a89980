import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import type { TChatSettingsForm } from '@/lib/chat/schemas';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { findModelConnections } from '@/lib/models/get-chat-target';
import { ZChatSettings } from '@/lib/projects/chat-settings';

/**
 * A lead sets the project's chat settings and the chat weight of the task mix (other settings are
 * kept), audited, in one transaction. Connections must be ones the project may use; at least as
 * many as a battle has sides when chat is in the mix.
 */
export async function updateChatSettings(o: { actorId: string; projectId: string; input: TChatSettingsForm }): Promise<void> {
  const { chatWeight, ...fields } = o.input;
  const usable = new Set((await findModelConnections({ projectId: o.projectId })).map((c) => c.id));
  const unknown = fields.connections.find((c) => !usable.has(c.connectionId));
  if (unknown)
    throw new AppError('INVALID_INPUT', 'A chosen connection is not available to this project', { connections: ['Unknown connection'] });
  if (chatWeight > 0 && fields.connections.length < fields.sides) {
    const message = `Choose at least ${fields.sides} connections for battles of ${fields.sides} models (or set the chat weight to 0)`;
    throw new AppError('INVALID_INPUT', message, { connections: [message] });
  }
  const chat = ZChatSettings.parse(fields);
  await getDb().$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: o.projectId }, select: { settings: true } });
    if (!project) throw new AppError('NOT_FOUND', 'No such project');
    const stored = (
      project.settings && typeof project.settings === 'object' && !Array.isArray(project.settings) ? project.settings : {}
    ) as Record<string, unknown>;
    const mix = stored.taskMix && typeof stored.taskMix === 'object' ? (stored.taskMix as Record<string, unknown>) : {};
    const next = { ...stored, taskMix: { ...mix, chat: chatWeight }, chat };
    await tx.project.update({ where: { id: o.projectId }, data: { settings: next }, select: { id: true } });
    await recordAuditEvent(tx, {
      actorId: o.actorId,
      projectId: o.projectId,
      action: 'project.chat_settings.update',
      targetType: 'project',
      targetId: o.projectId,
      data: { chatWeight, chat },
    });
  });
}
