import { randomUUID } from 'node:crypto';
import { getPgPool } from '@/lib/db';
import { splitSteps } from '@/lib/steps/split-steps';
import type { Queryable } from './types';

/**
 * One stored step labelling of a response, written directly (not through the submit path, which
 * the steps tests exercise themselves): ratings by step from the first (a shorter list stops
 * where the labeler stopped), optional flaw notes by step. IMPORTED with a fresh importRef by
 * default; `source: 'LABELED'` for one made in the app (no assignment). The steps are the
 * response text split on blank lines unless given.
 */
export async function buildStepJudgment(options: {
  projectId: string;
  item: { id: string };
  response: { id: string; text: string };
  userId: string;
  ratings: (-1 | 0 | 1)[];
  flaws?: Record<number, string>;
  steps?: string[];
  finalAnswer?: 'CORRECT' | 'INCORRECT' | 'CANT_TELL' | null;
  finishReason?: string | null;
  source?: 'LABELED' | 'IMPORTED';
  pool?: Queryable;
}): Promise<{ id: string }> {
  const source = options.source ?? 'IMPORTED';
  const labels = options.ratings.map((rating, i) => (options.flaws?.[i] ? { rating, flaw: options.flaws[i] } : { rating }));
  const { rows } = await (options.pool ?? getPgPool()).query<{ id: string }>(
    `INSERT INTO step_judgments (source, "importRef", "projectId", "itemId", "responseId", "userId", steps, labels, "finalAnswer", "finishReason")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10) RETURNING id`,
    [
      source,
      source === 'IMPORTED' ? randomUUID() : null,
      options.projectId,
      options.item.id,
      options.response.id,
      options.userId,
      options.steps ?? splitSteps(options.response.text, 'blank_lines'),
      JSON.stringify(labels),
      options.finalAnswer ?? (source === 'LABELED' ? 'CANT_TELL' : null),
      options.finishReason ?? null,
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error('buildStepJudgment: no row returned');
  return { id };
}
