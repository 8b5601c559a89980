import { getPgPool } from '@/lib/db';

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
  const { rows } = await getPgPool().query<{
    trialId: string;
    submittedAt: Date;
    text: string;
    flawedStart: number;
    flawedEnd: number;
    description: string;
    category: string;
    severity: number;
    spanStart: number;
    spanEnd: number;
    flawDescription: string;
    flawSeverity: number | null;
    spanOverlap: number | null;
  }>(
    `SELECT t.id AS "trialId", t."submittedAt", p."flawedText" AS text, p."flawedStart", p."flawedEnd", p.description, p.category::text AS category, p.severity,
            t."spanStart", t."spanEnd", t."flawDescription", t."flawSeverity", t."spanOverlap"
     FROM detect_trials t JOIN perturbations p ON p.id = t."perturbationId"
     WHERE t."projectId" = $1 AND t."submittedAt" IS NOT NULL AND t.variant = 'FLAWED' AND t."saysFlawed" AND t."foundIntended" IS NULL AND p.status = 'ACCEPTED'
     ORDER BY t."submittedAt", t.id
     LIMIT $2`,
    [options.projectId, options.limit ?? 50],
  );
  return rows.map((r) => ({
    trialId: r.trialId,
    submittedAt: r.submittedAt,
    text: r.text,
    planted: { start: r.flawedStart, end: r.flawedEnd, description: r.description, category: r.category, severity: r.severity },
    highlighted: { start: r.spanStart, end: r.spanEnd, description: r.flawDescription, severity: r.flawSeverity },
    spanOverlap: r.spanOverlap,
  }));
}
