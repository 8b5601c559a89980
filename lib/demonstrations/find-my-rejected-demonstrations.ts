import { getDb } from '@/lib/db';

export type RejectedDemonstration = {
  id: string;
  projectId: string;
  projectName: string;
  reason: string;
  reviewedAt: Date | null;
  excerpt: string;
};

/** The signed-in labeler's rejected demonstrations with the lead's reason, newest review first. */
export async function findMyRejectedDemonstrations(options: { userId: string; limit?: number }): Promise<RejectedDemonstration[]> {
  const rows = await getDb().demonstration.findMany({
    where: { userId: options.userId, status: 'REJECTED' },
    orderBy: [{ reviewedAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 50,
    select: { id: true, projectId: true, reviewNote: true, reviewedAt: true, text: true, project: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    projectId: r.projectId,
    projectName: r.project.name,
    reason: r.reviewNote ?? '',
    reviewedAt: r.reviewedAt,
    excerpt: r.text.length > 160 ? `${r.text.slice(0, 160)}…` : r.text,
  }));
}
