import { randomUUID } from 'node:crypto';
import { getDb } from '@/lib/db';
import type { PrismaLike } from './types';

/** A ranking by indexes into the item's responses; a nested array is a tie group: [0, [1, 2], 3]. */
export type RankingByIndex = (number | number[])[];

/**
 * One stored judgment with a rating row per response, written directly (not through the submit
 * path, which the tests of submitting exercise themselves). IMPORTED with a fresh importRef by
 * default, as an import would store it; `source: 'LABELED'` with `assignmentId` for a labeled one.
 */
export async function buildJudgment(options: {
  item: { id: string; responses: (string | { id: string })[] };
  userId: string;
  ranking?: RankingByIndex;
  /** Per response index: Likert 1–7 or null. */
  likert?: (number | null)[];
  flags?: Record<number, string[]>;
  flaws?: Record<number, unknown[]>;
  promptFlags?: string[];
  allUnacceptable?: boolean;
  restGroupedBelow?: boolean;
  source?: 'LABELED' | 'IMPORTED';
  importRef?: string | null;
  assignmentId?: string;
  taxonomyVersion?: number;
  durationMs?: number;
  createdAt?: Date;
  /** false: no rating rows (a judgment stored without per-response ratings). */
  ratings?: boolean;
  /** Aspect answers (issue 27): an own ranking by indexes, or "same as overall" when it has none. */
  aspects?: { aspect: string; description?: string; ranking?: RankingByIndex }[];
  db?: PrismaLike;
}): Promise<{ id: string }> {
  const responseIds = options.item.responses.map((r) => (typeof r === 'string' ? r : r.id));
  const order = options.ranking ?? responseIds.map((_, i) => i);
  const toGroups = (byIndex: RankingByIndex) =>
    byIndex.map((group) => (Array.isArray(group) ? group : [group]).map((i) => responseIds[i] ?? `missing-response-${i}`));
  const ranking = toGroups(order);
  const source = options.source ?? 'IMPORTED';
  const importRef = options.importRef !== undefined ? options.importRef : source === 'IMPORTED' ? randomUUID() : null;
  return (options.db ?? getDb()).judgment.create({
    data: {
      itemId: options.item.id,
      userId: options.userId,
      source,
      importRef,
      ...(options.assignmentId ? { assignmentId: options.assignmentId } : {}),
      ranking,
      allUnacceptable: options.allUnacceptable ?? false,
      restGroupedBelow: options.restGroupedBelow ?? false,
      promptFlags: options.promptFlags ?? [],
      taxonomyVersion: options.taxonomyVersion ?? 1,
      durationMs: options.durationMs ?? 1234,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
      ...(options.aspects
        ? {
            aspects: {
              create: options.aspects.map((a) => ({
                aspect: a.aspect,
                description: a.description ?? a.aspect,
                sameAsOverall: !a.ranking,
                ...(a.ranking ? { ranking: toGroups(a.ranking) } : {}),
              })),
            },
          }
        : {}),
      ...(options.ratings === false
        ? {}
        : {
            ratings: {
              create: responseIds.map((responseId, i) => ({
                responseId,
                likert: options.likert?.[i] ?? null,
                flags: options.flags?.[i] ?? [],
                ...(options.flaws?.[i] ? { flaws: options.flaws[i] as object[] } : {}),
              })),
            },
          }),
    },
    select: { id: true },
  });
}
