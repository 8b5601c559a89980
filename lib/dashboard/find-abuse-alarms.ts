import { ABUSE_JUDGMENT_LIMIT, computeAbuseAlarms, type AbuseFigures } from '@/lib/dashboard/compute-abuse-alarms';
import { cachedFigure, type FigureFreshness } from '@/lib/dashboard/figure-cache';
import { getPgPool } from '@/lib/db';
import { getPoolSettings } from '@/lib/pool/pool-settings';

export { ABUSE_JUDGMENT_LIMIT };

export type AbuseMember = { userId: string; name: string; paused: boolean; excluded: boolean };
export type AbuseAlarms = AbuseFigures & { members: Record<string, AbuseMember> };

/** What changes the alarms besides the judgments and who is excluded; a new version when the computation changes. */
export const abuseAlarmParts = (speedFloorSeconds: number) => ({ v: 1, speedFloorSeconds, limit: ABUSE_JUDGMENT_LIMIT });

/**
 * The project's coordinated or careless feedback alarms (issue 10) for a view, served from the
 * cache the stats refresh job keeps (computeAbuseAlarms: seconds at a million judgments), with
 * their freshness: `alarms` null while never computed, `freshness.behind` while the judgments or
 * exclusions changed since (the job is queued). Small projects are computed in the view
 * (lib/dashboard/figure-cache.ts). The members (names, paused, excluded) are read now, always current.
 */
export async function findAbuseAlarms(options: {
  projectId: string;
  synchronousUpTo?: number;
}): Promise<{ alarms: AbuseAlarms | null; freshness: FigureFreshness }> {
  const { projectId } = options;
  const [settings, members] = await Promise.all([
    getPoolSettings({ projectId }),
    getPgPool().query<AbuseMember>(
      `SELECT u.id AS "userId", u.name, m.paused, m.excluded FROM memberships m JOIN users u ON u.id = m."userId" WHERE m."projectId" = $1`,
      [projectId],
    ),
  ]);
  const { value, freshness } = await cachedFigure<AbuseFigures>({
    projectId,
    widget: 'abuse',
    key: '',
    parts: abuseAlarmParts(settings.speedFloorSeconds),
    compute: () => computeAbuseAlarms({ projectId }),
    synchronousUpTo: options.synchronousUpTo,
  });
  return {
    alarms: value && { ...value, members: Object.fromEntries(members.rows.map((m) => [m.userId, m])) },
    freshness,
  };
}
