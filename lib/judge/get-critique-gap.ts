import { getPgPool } from '@/lib/db';
import { computeCritiqueGap, type CritiqueHit, type DiscriminatorTrial, type GapRow } from '@/lib/judge/compute-critique-gap';
import { countedLabelSql } from '@/lib/judgments/counted-labels';

/** Shortest planted passage a critique must quote to "name" the flaw (shorter ones match by chance). */
export const MIN_NAMED_SPAN = 4;

/**
 * The discriminator–critique gap of a project's accepted perturbations, on demand: the judge's
 * discriminator trials; the labelers' critique hits from submitted assisted detect trials on the
 * flawed text (a critique marked helpful counts as a hit when the labeler's span found the planted
 * flaw or the critique quotes the planted passage; marked unhelpful, a miss; helpful but still under
 * review and not quoting it, left out); the judge's critique checks. Counted labels only.
 */
export async function getCritiqueGap(options: { projectId: string }): Promise<{ rows: GapRow[]; trials: number; hits: number }> {
  const pool = getPgPool();
  const { projectId } = options;
  const [trials, labelers, judged] = await Promise.all([
    pool.query<DiscriminatorTrial>(
      `SELECT d.model, p.category::text AS category, p.severity, d.correct
         FROM judge_discriminations d JOIN perturbations p ON p.id = d."perturbationId"
        WHERE d."projectId" = $1 AND p.status = 'ACCEPTED'`,
      [projectId],
    ),
    pool.query<Omit<CritiqueHit, 'source' | 'hit'> & { helpful: boolean; found: boolean | null; names: boolean }>(
      `SELECT c."modelId" AS model, c."templateVersion", p.category::text AS category, p.severity, (m.value->>'helpful')::boolean AS helpful,
              t."foundIntended" AS found,
              (p."flawedEnd" - p."flawedStart" >= $2
               AND strpos(lower(c.text), lower(substr(p."flawedText", p."flawedStart" + 1, p."flawedEnd" - p."flawedStart"))) > 0) AS names
         FROM detect_trials t
         JOIN perturbations p ON p.id = t."perturbationId"
         CROSS JOIN LATERAL jsonb_array_elements(t."critiqueMarks") AS m(value)
         JOIN critiques c ON c.id = (m.value->>'critiqueId')::uuid AND c."perturbationId" = p.id
        WHERE t."projectId" = $1 AND t.variant = 'FLAWED' AND t.arm = 'ASSISTED' AND t."submittedAt" IS NOT NULL AND p.status = 'ACCEPTED'
          AND ${countedLabelSql({ user: 't."userId"', project: '$1' })}`,
      [projectId, MIN_NAMED_SPAN],
    ),
    pool.query<Omit<CritiqueHit, 'source'>>(
      `SELECT c."modelId" AS model, c."templateVersion", p.category::text AS category, p.severity, k."pointsToFlaw" AS hit
         FROM judge_critique_checks k JOIN critiques c ON c.id = k."critiqueId" JOIN perturbations p ON p.id = k."perturbationId"
        WHERE k."projectId" = $1 AND p.status = 'ACCEPTED'`,
      [projectId],
    ),
  ]);
  const hits: CritiqueHit[] = [
    ...labelers.rows.flatMap(({ helpful, found, names, ...facets }) =>
      !helpful
        ? [{ ...facets, source: 'labelers' as const, hit: false }]
        : found || names
          ? [{ ...facets, source: 'labelers' as const, hit: true }]
          : found === false
            ? [{ ...facets, source: 'labelers' as const, hit: false }]
            : [],
    ),
    ...judged.rows.map((r) => ({ ...r, source: 'judge' as const })),
  ];
  return { rows: computeCritiqueGap(trials.rows, hits), trials: trials.rows.length, hits: hits.length };
}
