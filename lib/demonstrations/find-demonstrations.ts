import type { DemonstrationStatus } from '@/generated/prisma/enums';
import { getDb } from '@/lib/db';

export type DemonstrationRow = {
  id: string;
  status: DemonstrationStatus;
  text: string;
  editedText: string | null;
  reviewNote: string | null;
  durationMs: number;
  createdAt: Date;
  reviewedAt: Date | null;
  labeler: string;
  itemId: string;
  itemExternalId: string | null;
  messages: unknown;
};

/** A project's demonstrations for the lead's review, newest first, optionally by status. */
export async function findDemonstrations(options: { projectId: string; status?: DemonstrationStatus; limit?: number }): Promise<DemonstrationRow[]> {
  const rows = await getDb().demonstration.findMany({
    where: options.status ? { projectId: options.projectId, status: options.status } : { projectId: options.projectId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 100,
    select: {
      id: true,
      status: true,
      text: true,
      editedText: true,
      reviewNote: true,
      durationMs: true,
      createdAt: true,
      reviewedAt: true,
      user: { select: { name: true } },
      item: { select: { id: true, externalId: true, messages: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    text: r.text,
    editedText: r.editedText,
    reviewNote: r.reviewNote,
    durationMs: r.durationMs,
    createdAt: r.createdAt,
    reviewedAt: r.reviewedAt,
    labeler: r.user.name,
    itemId: r.item.id,
    itemExternalId: r.item.externalId,
    messages: r.item.messages,
  }));
}
