import { getDb } from '@/lib/db';

/** A project's members with their account state, for the lead's project page. */
export function findMembers(options: { projectId: string }) {
  return getDb().membership.findMany({
    where: { projectId: options.projectId },
    orderBy: { createdAt: 'asc' },
    select: {
      paused: true,
      createdAt: true,
      user: { select: { id: true, email: true, name: true, role: true, active: true } },
    },
  });
}
