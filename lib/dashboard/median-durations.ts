import { durationBinLow } from '@/lib/dashboard/duration-bins';
import type { RollupRow } from '@/lib/dashboard/rollup-layout';
import { getPgPool } from '@/lib/db';

/**
 * Each labeler's median time of their labeled judgments, exactly as percentile_cont(0.5) over
 * judgment_stats gives it, without reading all their rows: the rollup's duration bins (kind dur)
 * say which bin holds the middle rank, and the index (projectId, userId, durationMs) is read from
 * that bin's lower end for the two middle values.
 */
export async function medianDurations(options: { projectId: string; bins: RollupRow[] }): Promise<Map<string, number>> {
  const byUser = new Map<string, { bin: number; n: number }[]>();
  for (const r of options.bins) {
    if ((r.v[0] ?? 0) <= 0) continue;
    const list = byUser.get(r.k1) ?? [];
    list.push({ bin: r.unit, n: r.v[0]! });
    byUser.set(r.k1, list);
  }
  const users: string[] = [];
  const lows: number[] = [];
  const skips: number[] = [];
  const fractions = new Map<string, number>();
  for (const [userId, list] of byUser) {
    list.sort((a, b) => a.bin - b.bin);
    const n = list.reduce((t, b) => t + b.n, 0);
    const rank = Math.floor((n - 1) / 2);
    let before = 0;
    for (const b of list) {
      if (before + b.n > rank) {
        users.push(userId);
        // Bin 0 also holds any negative time (the bins clamp at 0).
        lows.push(b.bin === 0 ? -2_147_483_648 : durationBinLow(b.bin));
        skips.push(rank - before);
        fractions.set(userId, (n - 1) / 2 - rank);
        break;
      }
      before += b.n;
    }
  }
  if (users.length === 0) return new Map();
  const { rows } = await getPgPool().query<{ userId: string; values: number[] }>(
    `SELECT u."userId", ARRAY(SELECT js."durationMs" FROM judgment_stats js
                             WHERE js."projectId" = $1 AND js."userId" = u."userId" AND js.source = 'LABELED' AND js."durationMs" >= u.low
                             ORDER BY js."durationMs" OFFSET u.skip LIMIT 2) AS values
     FROM unnest($2::uuid[], $3::int[], $4::int[]) AS u("userId", low, skip)`,
    [options.projectId, users, lows, skips],
  );
  // percentile_cont's interpolation between the two middle values.
  return new Map(
    rows.map((r) => {
      const [a, b = a] = r.values as [number, number?];
      const f = fractions.get(r.userId)!;
      return [r.userId, f === 0 ? a : a + (b! - a) * f];
    }),
  );
}
