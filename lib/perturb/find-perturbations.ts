import type { FlawCategory, PerturbationStatus } from '@/generated/prisma/enums';
import { getDb } from '@/lib/db';

export type PerturbationRow = {
  id: string;
  status: PerturbationStatus;
  externalId: string | null;
  originalText: string;
  flawedText: string;
  originalStart: number;
  originalEnd: number;
  flawedStart: number;
  flawedEnd: number;
  description: string;
  category: FlawCategory;
  severity: number;
  missableBecause: string;
  reviewNote: string | null;
  durationMs: number;
  createdAt: Date;
  reviewedAt: Date | null;
  /** The author's name; null when imported without one. */
  author: string | null;
  itemId: string;
  itemExternalId: string | null;
  messages: unknown;
  critiques: { original: number; flawed: number };
  /** Submitted detect trials on it (both variants). */
  trials: number;
};

export const PERTURBATIONS_PAGE_SIZE = 25;

export type PerturbationPage = {
  rows: PerturbationRow[];
  page: number;
  pageSize: number;
  total: number;
  counts: Record<PerturbationStatus, number>;
};

/**
 * One page (25, newest first) of a project's perturbations of one status for the lead's review,
 * with how many there are of each status (the tabs) and of this one (the pages).
 */
export async function findPerturbations(options: {
  projectId: string;
  status: PerturbationStatus;
  page?: number;
}): Promise<PerturbationPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const db = getDb();
  const [rows, grouped] = await Promise.all([
    findPage(options.projectId, options.status, page),
    db.perturbation.groupBy({ by: ['status'], where: { projectId: options.projectId }, _count: { _all: true } }),
  ]);
  const counts: Record<PerturbationStatus, number> = { SUBMITTED: 0, ACCEPTED: 0, REJECTED: 0 };
  for (const g of grouped) counts[g.status] = g._count._all;
  return { rows, page, pageSize: PERTURBATIONS_PAGE_SIZE, total: counts[options.status], counts };
}

async function findPage(projectId: string, status: PerturbationStatus, page: number): Promise<PerturbationRow[]> {
  const rows = await getDb().perturbation.findMany({
    where: { projectId, status },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    skip: (page - 1) * PERTURBATIONS_PAGE_SIZE,
    take: PERTURBATIONS_PAGE_SIZE,
    select: {
      id: true,
      status: true,
      externalId: true,
      flawedText: true,
      originalStart: true,
      originalEnd: true,
      flawedStart: true,
      flawedEnd: true,
      description: true,
      category: true,
      severity: true,
      missableBecause: true,
      reviewNote: true,
      durationMs: true,
      createdAt: true,
      reviewedAt: true,
      author: { select: { name: true } },
      item: { select: { id: true, externalId: true, messages: true } },
      response: { select: { text: true, _count: { select: { critiques: { where: { perturbationId: null } } } } } },
      _count: { select: { critiques: true, trials: { where: { submittedAt: { not: null } } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    externalId: r.externalId,
    originalText: r.response.text,
    flawedText: r.flawedText,
    originalStart: r.originalStart,
    originalEnd: r.originalEnd,
    flawedStart: r.flawedStart,
    flawedEnd: r.flawedEnd,
    description: r.description,
    category: r.category,
    severity: r.severity,
    missableBecause: r.missableBecause,
    reviewNote: r.reviewNote,
    durationMs: r.durationMs,
    createdAt: r.createdAt,
    reviewedAt: r.reviewedAt,
    author: r.author?.name ?? null,
    itemId: r.item.id,
    itemExternalId: r.item.externalId,
    messages: r.item.messages,
    critiques: { original: r.response._count.critiques, flawed: r._count.critiques },
    trials: r._count.trials,
  }));
}
