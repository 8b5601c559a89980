import { formatCount } from '@/components/dashboard/format';
import type { BootstrapInfo, IntervalFreshness } from '@/lib/dashboard/types';

/** "12 s", "4 min", "3 h", "2 days": how long ago the intervals (or a cached figure) were computed. */
export function ago(asOf: Date, now: number): string {
  const s = Math.max(0, Math.round((now - asOf.getTime()) / 1000));
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}

/**
 * How the intervals were made, in one line, and how fresh they are (issue 23): computed off the
 * request path, so a change since shows as "recomputing" beside the (always current) estimates.
 */
export function BootstrapNote({ info, freshness, now }: { info: BootstrapInfo; freshness?: IntervalFreshness; now?: number }) {
  return (
    <p className="text-xs text-slate-500" data-stat="intervals-freshness">
      Intervals: 95% percentile bootstrap over items, {formatCount(info.resamples)} resamples, seed {info.seed}
      {info.grouped ? `, items resampled in ${formatCount(info.units)} fixed random groups` : `, ${formatCount(info.units)} items`}.
      {freshness && now !== undefined
        ? freshness.estimatesBehind
          ? ' Recomputing: these figures and their intervals do not include the latest labels yet; they are being folded in the background.'
          : freshness.behind
            ? ` Recomputing: the intervals shown are from ${ago(freshness.asOf, now)} ago and do not include the latest labels yet; the estimates do.`
            : ` Intervals as of ${ago(freshness.asOf, now)} ago, on the current data.`
        : null}
    </p>
  );
}
