import type { ClientBase } from 'pg';
import type { ExportItem, ExportStepJudgment } from '@/lib/export/types';
import { PRM800K_QUESTION_KEY } from '@/lib/import/formats/prm800k';
import { ZStepLabels } from '@/lib/steps/schemas';

type Row = {
  id: string;
  itemId: string;
  responseId: string;
  userId: string;
  source: 'LABELED' | 'IMPORTED';
  steps: string[];
  labels: unknown;
  finalAnswer: ExportStepJudgment['finalAnswer'];
  finishReason: string | null;
  durationMs: number;
  createdAt: string;
  question: Record<string, unknown> | null;
};

/**
 * The step labellings of a batch of items (for the step formats), in one query on the export's
 * transaction: never those of excluded labelers, inside the date range; labelers as pseudonyms.
 * Returns the items that have any, each with its `stepJudgments`.
 */
export async function attachStepJudgments(
  client: ClientBase,
  items: ExportItem[],
  o: { excluded: string[]; judgedFrom: string | null; judgedBefore: string | null; pseudonym: (userId: string) => string },
): Promise<ExportItem[]> {
  if (items.length === 0) return [];
  const { rows } = await client.query<Row>(
    `SELECT s.id, s."itemId", s."responseId", s."userId", s.source, s.steps, s.labels, s."finalAnswer", s."finishReason", s."durationMs",
            to_char(s."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt", i.metadata -> $5::text AS question
     FROM step_judgments s JOIN items i ON i.id = s."itemId"
     WHERE s."itemId" = ANY($1::uuid[]) AND s."userId" <> ALL($2::uuid[])
       AND ($3::timestamp IS NULL OR s."createdAt" >= $3::timestamp) AND ($4::timestamp IS NULL OR s."createdAt" < $4::timestamp)
     ORDER BY s."createdAt", s.id`,
    [
      items.map((i) => i.itemId),
      o.excluded,
      o.judgedFrom?.replace('Z', '') ?? null,
      o.judgedBefore?.replace('Z', '') ?? null,
      PRM800K_QUESTION_KEY,
    ],
  );
  const byItem = new Map<string, ExportStepJudgment[]>();
  for (const r of rows) {
    const labels = ZStepLabels.safeParse(r.labels);
    if (!labels.success) continue;
    const judgment: ExportStepJudgment = {
      stepJudgmentId: r.id,
      responseId: r.responseId,
      labeler: o.pseudonym(r.userId),
      source: r.source,
      steps: r.steps,
      labels: labels.data,
      finalAnswer: r.finalAnswer,
      finishReason: r.finishReason,
      durationMs: r.durationMs,
      createdAt: r.createdAt,
      question: r.question,
    };
    byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), judgment]);
  }
  return items.filter((i) => byItem.has(i.itemId)).map((i) => ({ ...i, stepJudgments: byItem.get(i.itemId) ?? [] }));
}
