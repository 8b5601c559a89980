import { getDb } from '@/lib/db';

export type RejectedPerturbation = {
  id: string;
  projectId: string;
  projectName: string;
  reason: string;
  reviewedAt: Date | null;
  description: string;
};

/** The signed-in labeler's rejected perturbations with the lead's reason, newest review first. */
export async function findMyRejectedPerturbations(options: { userId: string; limit?: number }): Promise<RejectedPerturbation[]> {
  const rows = await getDb().perturbation.findMany({
    where: { authorId: options.userId, status: 'REJECTED' },
    orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 50,
    select: { id: true, projectId: true, reviewNote: true, reviewedAt: true, description: true, project: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    projectId: r.projectId,
    projectName: r.project.name,
    reason: r.reviewNote ?? '',
    reviewedAt: r.reviewedAt,
    description: r.description.length > 160 ? `${r.description.slice(0, 160)}…` : r.description,
  }));
}
