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
};

/** A project's perturbations for the lead's review, newest first, by status. */
export async function findPerturbations(options: { projectId: string; status: PerturbationStatus; limit?: number }): Promise<PerturbationRow[]> {
  const rows = await getDb().perturbation.findMany({
    where: { projectId: options.projectId, status: options.status },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit ?? 100,
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
      _count: { select: { critiques: true } },
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
  }));
}
