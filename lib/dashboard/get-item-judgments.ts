import { z } from 'zod';
import type { ItemJudgmentsView } from '@/lib/dashboard/types';
import { getDb, getSql } from '@/lib/db';
import { ZItemId } from '@/lib/items/schemas';
import { findExcludedLabelers } from '@/lib/judgments/counted-labels';
import { ZFlaw } from '@/lib/judgments/schemas';

const ZStoredFlaws = z.array(ZFlaw);

const toRanking = (value: unknown): string[][] | null =>
  Array.isArray(value) && value.every((g) => Array.isArray(g) && g.every((id) => typeof id === 'string')) ? (value as string[][]) : null;

const toMessages = (value: unknown): { role: string; content: string }[] =>
  Array.isArray(value)
    ? value.map((m: unknown) => {
        const turn = typeof m === 'object' && m !== null ? (m as Record<string, unknown>) : {};
        return {
          role: typeof turn.role === 'string' ? turn.role : 'unknown',
          content: typeof turn.content === 'string' ? turn.content : JSON.stringify(m),
        };
      })
    : [];

/**
 * An item with every judgment side by side for adjudication (lead pages only: it names models
 * and labelers). Labelers are "Labeler 1", "Labeler 2", … in submission order; excluded
 * labelers' judgments are shown and marked. Null when the project has no such item.
 */
export async function getItemJudgments(options: { projectId: string; itemId: string }): Promise<ItemJudgmentsView | null> {
  const { projectId, itemId } = options;
  if (!ZItemId.safeParse(itemId).success || !ZItemId.safeParse(projectId).success) return null;
  const db = getDb();
  const item = await db.item.findFirst({
    where: { id: itemId, projectId },
    select: {
      id: true,
      externalId: true,
      messages: true,
      isGold: true,
      goldRanking: true,
      responses: { orderBy: [{ createdAt: 'asc' }, { externalId: 'asc' }, { id: 'asc' }], select: { id: true, modelId: true, text: true } },
      judgments: {
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          userId: true,
          source: true,
          ranking: true,
          allUnacceptable: true,
          createdAt: true,
          user: { select: { name: true } },
          ratings: { select: { responseId: true, likert: true, flags: true, flaws: true } },
        },
      },
      adjudication: { select: { ranking: true, invalid: true, note: true, decidedAt: true, decidedBy: { select: { name: true } } } },
    },
  });
  if (!item) return null;
  // Marked, not hidden: the lead sees every judgment, and which ones are not counted labels.
  const excluded = new Set(await findExcludedLabelers(getSql(), projectId));
  const pseudonyms = new Map<string, string>();
  for (const j of item.judgments) if (!pseudonyms.has(j.userId)) pseudonyms.set(j.userId, `Labeler ${pseudonyms.size + 1}`);
  return {
    itemId: item.id,
    externalId: item.externalId,
    messages: toMessages(item.messages),
    responses: item.responses,
    isGold: item.isGold,
    goldRanking: toRanking(item.goldRanking),
    judgments: item.judgments.map((j) => ({
      judgmentId: j.id,
      pseudonym: pseudonyms.get(j.userId)!,
      userId: j.userId,
      name: j.user.name,
      source: j.source,
      ranking: toRanking(j.ranking) ?? [],
      allUnacceptable: j.allUnacceptable,
      likert: Object.fromEntries(j.ratings.map((r) => [r.responseId, r.likert])),
      flags: Object.fromEntries(j.ratings.map((r) => [r.responseId, r.flags])),
      // Flaw notes as stored, read defensively: anything that is not a valid note is left out.
      flaws: Object.fromEntries(j.ratings.map((r) => [r.responseId, ZStoredFlaws.safeParse(r.flaws).data ?? []])),
      createdAt: j.createdAt.toISOString(),
      excluded: excluded.has(j.userId),
    })),
    adjudication: item.adjudication
      ? {
          ranking: toRanking(item.adjudication.ranking),
          invalid: item.adjudication.invalid,
          note: item.adjudication.note,
          by: item.adjudication.decidedBy?.name ?? null,
          at: item.adjudication.decidedAt.toISOString(),
        }
      : null,
  };
}
