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

export const DEMONSTRATIONS_PAGE_SIZE = 25;

export type DemonstrationPage = {
  rows: DemonstrationRow[];
  page: number;
  pageSize: number;
  total: number;
  counts: Record<DemonstrationStatus, number>;
};

/**
 * One page (25, newest first) of a project's demonstrations of one status for the lead's review,
 * with how many there are of each status (the tabs) and of this one (the pages).
 */
export async function findDemonstrations(options: {
  projectId: string;
  status: DemonstrationStatus;
  page?: number;
}): Promise<DemonstrationPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const db = getDb();
  const [rows, grouped] = await Promise.all([
    findPage(options.projectId, options.status, page),
    db.demonstration.groupBy({ by: ['status'], where: { projectId: options.projectId }, _count: { _all: true } }),
  ]);
  const counts: Record<DemonstrationStatus, number> = { SUBMITTED: 0, ACCEPTED: 0, REJECTED: 0 };
  for (const g of grouped) counts[g.status] = g._count._all;
  return { rows, page, pageSize: DEMONSTRATIONS_PAGE_SIZE, total: counts[options.status], counts };
}

async function findPage(projectId: string, status: DemonstrationStatus, page: number): Promise<DemonstrationRow[]> {
  const rows = await getDb().demonstration.findMany({
    where: { projectId, status },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * DEMONSTRATIONS_PAGE_SIZE,
    take: DEMONSTRATIONS_PAGE_SIZE,
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
