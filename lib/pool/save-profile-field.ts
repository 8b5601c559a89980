import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError, isUniqueViolation } from '@/lib/errors';
import type { TProfileField } from '@/lib/pool/schemas';

/**
 * Adds a project profile field, or updates the one with the same key (label, type, options). A
 * select field whose options change keeps only values still among them. Audited.
 */
export async function saveProfileField(options: { actorId: string; input: TProfileField }): Promise<{ id: string }> {
  const { actorId, input } = options;
  const { projectId, key, label, type, options: choices } = input;
  try {
    return await getDb().$transaction(async (tx) => {
      const position = await tx.projectProfileField.count({ where: { projectId } });
      const field = await tx.projectProfileField.upsert({
        where: { projectId_key: { projectId, key } },
        create: { projectId, key, label, type, options: type === 'SELECT' ? choices : [], position },
        update: { label, type, options: type === 'SELECT' ? choices : [] },
        select: { id: true },
      });
      if (type === 'SELECT') await tx.projectProfileValue.deleteMany({ where: { fieldId: field.id, value: { notIn: choices } } });
      await recordAuditEvent(tx, {
        actorId,
        action: 'project.profile_field.save',
        projectId,
        targetType: 'profile_field',
        targetId: field.id,
        data: { key, type },
      });
      return field;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CONFLICT', 'This key was just added by someone else; try again.', { key: ['Key already in use'] });
    throw error;
  }
}

/** Deletes a project profile field and every value of it. Audited. NOT_FOUND for a field of another project. */
export async function deleteProfileField(options: { actorId: string; projectId: string; fieldId: string }): Promise<void> {
  const { actorId, projectId, fieldId } = options;
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.projectProfileField.deleteMany({ where: { id: fieldId, projectId } });
    if (count === 0) throw new AppError('NOT_FOUND', 'No such profile field in this project');
    await recordAuditEvent(tx, {
      actorId,
      action: 'project.profile_field.delete',
      projectId,
      targetType: 'profile_field',
      targetId: fieldId,
    });
  });
}
