import type { NotNull } from 'kysely';
import { getSql } from '@/lib/db';

export type TrialToReview = {
  trialId: string;
  submittedAt: Date;
  /** The flawed text the labeler saw. */
  text: string;
  planted: { start: number; end: number; description: string; category: string; severity: number };
  highlighted: { start: number; end: number; description: string; severity: number | null };
  spanOverlap: number | null;
};

/**
 * Ambiguous trials waiting for a lead (foundIntended null on a flawed text the labeler called
 * flawed), oldest first: the planted span and description beside the labeler's.
 */
export async function findTrialReviewQueue(options: { projectId: string; limit?: number }): Promise<TrialToReview[]> {
  const rows = await getSql()
    .selectFrom('detect_trials as t')
    .innerJoin('perturbations as p', 'p.id', 't.perturbationId')
    .select([
      't.id as trialId',
      't.submittedAt',
      'p.flawedText as text',
      'p.flawedStart',
      'p.flawedEnd',
      'p.description',
      'p.category',
      'p.severity',
    ])
    .select(['t.spanStart', 't.spanEnd', 't.flawDescription', 't.flawSeverity', 't.spanOverlap'])
    .where('t.projectId', '=', options.projectId)
    .where('t.submittedAt', 'is not', null)
    .where('t.variant', '=', 'FLAWED')
    .where('t.saysFlawed', '=', true)
    .where('t.foundIntended', 'is', null)
    .where('p.status', '=', 'ACCEPTED')
    .orderBy('t.submittedAt')
    .orderBy('t.id')
    .limit(options.limit ?? 50)
    // A submitted trial that says "flawed" has its span and description (ZSubmitDetectTrial requires them).
    .$narrowType<{ submittedAt: NotNull; spanStart: NotNull; spanEnd: NotNull; flawDescription: NotNull }>()
    .execute();
  return rows.map((r) => ({
    trialId: r.trialId,
    submittedAt: r.submittedAt,
    text: r.text,
    planted: { start: r.flawedStart, end: r.flawedEnd, description: r.description, category: r.category, severity: r.severity },
    highlighted: { start: r.spanStart, end: r.spanEnd, description: r.flawDescription, severity: r.flawSeverity },
    spanOverlap: r.spanOverlap,
  }));
}
