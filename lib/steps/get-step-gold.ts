import { getPgPool } from '@/lib/db';
import { readProjectSettings } from '@/lib/projects/settings';
import type { FinalAnswer, StepRating } from '@/lib/steps/schemas';
import { responseSteps } from '@/lib/steps/split-steps';

export type StepGoldView = {
  /** Whether the project hands out steps tasks (settings.taskMix.steps > 0). */
  stepsEnabled: boolean;
  untilFirstError: boolean;
  /** The item's solution as a steps task shows it now; empty when the item has no response. */
  steps: string[];
  gold: { steps: string[]; labels: { rating: StepRating; flaw?: string }[]; finalAnswer: FinalAnswer; updatedAt: Date } | null;
};

/**
 * What the lead's item page needs for step gold: the item's current steps and its gold, if any.
 * For lead and researcher pages only; labelers never get gold.
 */
export async function getStepGold(options: { projectId: string; itemId: string }): Promise<StepGoldView> {
  const pool = getPgPool();
  const [project, response, gold] = await Promise.all([
    pool.query<{ settings: unknown }>(`SELECT settings FROM projects WHERE id = $1`, [options.projectId]),
    pool.query<{ text: string; metadata: unknown }>(
      `SELECT r.text, r.metadata FROM responses r JOIN items i ON i.id = r."itemId"
       WHERE r."itemId" = $1 AND i."projectId" = $2 ORDER BY r."createdAt", r."externalId", r.id LIMIT 1`,
      [options.itemId, options.projectId],
    ),
    pool.query<NonNullable<StepGoldView['gold']>>(
      `SELECT steps, labels, "finalAnswer"::text AS "finalAnswer", "updatedAt" FROM step_gold WHERE "itemId" = $1 AND "projectId" = $2`,
      [options.itemId, options.projectId],
    ),
  ]);
  const settings = readProjectSettings(project.rows[0]?.settings);
  const r = response.rows[0];
  return {
    stepsEnabled: settings.taskMix.steps > 0,
    untilFirstError: settings.steps.untilFirstError,
    steps: r ? responseSteps(r, settings.steps.split) : [],
    gold: gold.rows[0] ?? null,
  };
}
