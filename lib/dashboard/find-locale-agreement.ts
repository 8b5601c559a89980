import type { Share } from '@/lib/dashboard/types';
import { getPgPool } from '@/lib/db';
import { LOCALE_NOT_RECORDED } from '@/lib/dashboard/compute-group-breakdown';

export type LocaleAgreementRow = {
  userId: string;
  name: string;
  /** The working locale the judgments were made in (issue 31), or "not recorded" for older ones. */
  locale: string;
  judgments: number;
  /** Leave-one-out agreement of these judgments, as the labelers table counts it (excluded labelers listed too). */
  looAgreement: Share;
};

/**
 * The labelers table split by working locale (issue 31): per labeler and locale they worked in, their
 * judgments and leave-one-out agreement, from the per-judgment numbers the stats refresh keeps
 * (judgment_stats), so a labeler's rows add up to their row in the labelers table. Labelers first by
 * name, then their busiest locale first.
 */
export async function findLocaleAgreement(options: { projectId: string }): Promise<LocaleAgreementRow[]> {
  const { rows } = await getPgPool().query<{
    userId: string;
    name: string;
    locale: string | null;
    judgments: number;
    agree: number;
    compared: number;
  }>(
    `SELECT j."userId", u.name, j.locale, count(*)::int AS judgments, sum(js."looAgree")::int AS agree, sum(js."looCompared")::int AS compared
     FROM judgment_stats js JOIN judgments j ON j.id = js."judgmentId" JOIN users u ON u.id = j."userId"
     WHERE js."projectId" = $1 AND js.source = 'LABELED'
     GROUP BY j."userId", u.name, j.locale
     ORDER BY u.name, j."userId", count(*) DESC, j.locale`,
    [options.projectId],
  );
  return rows.map((r) => ({
    userId: r.userId,
    name: r.name,
    locale: r.locale ?? LOCALE_NOT_RECORDED,
    judgments: r.judgments,
    looAgreement: { hits: r.agree, compared: r.compared, rate: r.compared > 0 ? r.agree / r.compared : Number.NaN },
  }));
}
