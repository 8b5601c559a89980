import { getDb } from '@/lib/db';
import { ZItemId } from '@/lib/items/schemas';
import { countedJudgmentWhere } from '@/lib/judgments/counted-labels';

export type ItemMessage = { role: string; content: string };

/** Messages as stored, read defensively: anything that is not a {role, content} turn is shown as text. */
function toMessages(value: unknown): ItemMessage[] {
  if (!Array.isArray(value)) return [];
  return value.map((m: unknown) => {
    const turn = typeof m === 'object' && m !== null ? (m as Record<string, unknown>) : {};
    return {
      role: typeof turn.role === 'string' ? turn.role : 'unknown',
      content: typeof turn.content === 'string' ? turn.content : JSON.stringify(m),
    };
  });
}

/** Tie groups of response ids, or null when the stored value is not one. */
function toRanking(value: unknown): string[][] | null {
  if (!Array.isArray(value) || !value.every((g) => Array.isArray(g) && g.every((id) => typeof id === 'string'))) return null;
  return value as string[][];
}

/** The scores a dataset gave a response (metadata.imported_scores: score_chosen, HelpSteer2 attributes, …), as [name, value] pairs; [] when none. */
function importedScores(metadata: unknown): [string, string][] {
  const scores = typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>).imported_scores : undefined;
  if (typeof scores !== 'object' || scores === null || Array.isArray(scores)) return [];
  return Object.entries(scores as Record<string, unknown>).map(([name, value]) => [
    name,
    typeof value === 'string' ? value : JSON.stringify(value),
  ]);
}

/**
 * One item of the project with its responses and label counts (counted and excluded), for the lead's item page;
 * null when there is no such item in this project (including items of other projects).
 */
export async function getItem(options: { projectId: string; itemId: string }) {
  if (!ZItemId.safeParse(options.itemId).success) return null;
  const item = await getDb().item.findFirst({
    where: { id: options.itemId, projectId: options.projectId },
    select: {
      id: true,
      externalId: true,
      messages: true,
      metadata: true,
      isGold: true,
      goldRanking: true,
      priority: true,
      createdAt: true,
      judgments: { where: countedJudgmentWhere(options.projectId), select: { id: true } },
      _count: { select: { judgments: true } },
      responses: {
        orderBy: [{ createdAt: 'asc' }, { externalId: 'asc' }, { id: 'asc' }],
        select: { id: true, externalId: true, modelId: true, text: true, metadata: true, _count: { select: { ratings: true } } },
      },
    },
  });
  if (!item) return null;
  const { _count, judgments, responses, messages, goldRanking, ...rest } = item;
  return {
    ...rest,
    messages: toMessages(messages),
    goldRanking: toRanking(goldRanking),
    /** Counted labels (lib/judgments/counted-labels.ts), and those of excluded labelers apart. */
    labels: judgments.length,
    excludedLabels: _count.judgments - judgments.length,
    responses: responses.map(({ _count: counts, metadata, ...r }) => ({
      ...r,
      labels: counts.ratings,
      importedScores: importedScores(metadata),
    })),
  };
}
