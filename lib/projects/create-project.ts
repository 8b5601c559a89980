import { recordAuditEvent } from '@/lib/audit/record-audit-event';
import { getDb } from '@/lib/db';
import { AppError, isUniqueViolation } from '@/lib/errors';
import type { TCreateProject } from '@/lib/projects/schemas';

/** Creates a project; its creator (when a person) becomes its first member. */
export async function createProject(options: { actorId: string | null; input: TCreateProject }) {
  const { actorId, input } = options;
  const taken = () => new AppError('CONFLICT', `Project slug "${input.slug}" is taken`, { slug: ['This slug is taken'] });
  return getDb()
    .$transaction(async (tx) => {
      if (await tx.project.findUnique({ where: { slug: input.slug }, select: { id: true } })) throw taken();
      const project = await tx.project.create({
        data: { ...input, createdById: actorId, ...(actorId ? { memberships: { create: { userId: actorId } } } : {}) },
        select: { id: true, slug: true, name: true, overlap: true },
      });
      await recordAuditEvent(tx, {
        actorId,
        action: 'project.create',
        projectId: project.id,
        targetType: 'project',
        targetId: project.id,
        data: { slug: project.slug, overlap: project.overlap },
      });
      return project;
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? taken() : error;
    });
}
