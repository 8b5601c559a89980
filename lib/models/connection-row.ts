import type { Prisma } from '@/generated/prisma/client';
import type { Tx } from '@/lib/db';
import { AppError } from '@/lib/errors';
import type { ModelConnectionSummary } from '@/lib/models/get-chat-target';
import { ZSamplingParams } from '@/lib/models/schemas';

/** The columns a summary shows (never the sealed key). */
export const SUMMARY_SELECT = {
  id: true,
  projectId: true,
  name: true,
  baseUrl: true,
  model: true,
  apiKeyHint: true,
  params: true,
  maxConcurrency: true,
  requestsPerMinute: true,
  timeoutMs: true,
} satisfies Prisma.ModelConnectionSelect;

type SummaryRow = Prisma.ModelConnectionGetPayload<{ select: typeof SUMMARY_SELECT }>;

export function toSummary(row: SummaryRow): ModelConnectionSummary {
  return { ...row, params: ZSamplingParams.catch({}).parse(row.params) };
}

/**
 * The live connection `connectionId` as seen from a screen's scope (a project, or null for the admin's
 * shared list): a project's own connection, or a shared one. Another project's connection, an
 * archived one or an unknown id: NOT_FOUND.
 */
export async function findConnectionInScope(tx: Tx, options: { connectionId: string; projectId: string | null }) {
  const row = await tx.modelConnection.findFirst({
    where: { id: options.connectionId, archivedAt: null },
    select: { ...SUMMARY_SELECT, apiKeyEncrypted: true },
  });
  if (!row || (row.projectId !== null && row.projectId !== options.projectId)) {
    throw new AppError('NOT_FOUND', 'No such model connection here (it may have been archived).');
  }
  return row;
}

/** A live name taken in the same scope (project, or the shared list), compared without case; the unique index is the real guard. */
export async function assertNameFree(tx: Tx, options: { projectId: string | null; name: string; exceptId?: string }): Promise<void> {
  const taken = await tx.modelConnection.findFirst({
    where: {
      projectId: options.projectId,
      archivedAt: null,
      name: { equals: options.name, mode: 'insensitive' },
      ...(options.exceptId ? { id: { not: options.exceptId } } : {}),
    },
    select: { id: true },
  });
  if (taken) throw nameTaken(options.name);
}

export const nameTaken = (name: string) =>
  new AppError('CONFLICT', `A connection named “${name}” already exists here.`, { name: ['This name is taken: pick another'] });

/** True when a write lost the race on model_connections_live_name_key. */
export function isNameConflict(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: unknown; message?: unknown };
  return e?.code === 'P2002' || e?.code === '23505' || String(e?.message ?? '').includes('model_connections_live_name_key');
}
