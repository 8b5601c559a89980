import { getDb } from '@/lib/db';
import { rankingPairs, type Pair } from '@/lib/export/pair-rows';
import type { ImportMessage } from '@/lib/import/types';

/**
 * The preferences a project's judgments state, as text pairs (one per ordered response pair of
 * each ranking). `source` narrows to labels made here or imported ones.
 */
export async function findJudgmentPairs(options: { projectId: string; source?: 'LABELED' | 'IMPORTED' }): Promise<Pair[]> {
  const judgments = await getDb().judgment.findMany({
    where: { item: { projectId: options.projectId }, ...(options.source ? { source: options.source } : {}) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { ranking: true, item: { select: { messages: true, responses: { select: { id: true, text: true } } } } },
  });
  return judgments.flatMap((j) => {
    const text = new Map(j.item.responses.map((r) => [r.id, r.text]));
    const messages = j.item.messages as ImportMessage[];
    return rankingPairs(j.ranking as string[][]).map(([better, worse]) => ({
      messages,
      chosen: text.get(better) ?? '',
      rejected: text.get(worse) ?? '',
    }));
  });
}
