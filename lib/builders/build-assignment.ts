import { getDb } from '@/lib/db';
import type { PrismaLike } from './types';

type Status = 'ACTIVE' | 'SUBMITTED' | 'SKIPPED' | 'EXPIRED' | 'RELEASED';
type Kind = 'RANK' | 'DEMONSTRATE' | 'PERTURB' | 'DETECT';

/**
 * One assignment row as the claim would leave it (for tests of what reads assignments: my work,
 * dashboards). Tests of claiming call the claim itself. The lease ends now unless given.
 */
export async function buildAssignment(options: {
  projectId: string;
  itemId: string;
  userId: string;
  status?: Status;
  kind?: Kind;
  shownOrder?: string[];
  leaseExpiresAt?: Date;
  slot?: number | null;
  submittedAt?: Date | null;
  createdAt?: Date;
  db?: PrismaLike;
}): Promise<{ id: string }> {
  return (options.db ?? getDb()).assignment.create({
    data: {
      projectId: options.projectId,
      itemId: options.itemId,
      userId: options.userId,
      status: options.status ?? 'ACTIVE',
      kind: options.kind ?? 'RANK',
      shownOrder: options.shownOrder ?? [],
      leaseExpiresAt: options.leaseExpiresAt ?? new Date(),
      slot: options.slot ?? null,
      submittedAt: options.submittedAt ?? null,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    },
    select: { id: true },
  });
}
