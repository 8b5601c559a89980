import { formatCount } from '@/components/dashboard/format';
import type { BootstrapInfo } from '@/lib/dashboard/types';

/** How the intervals were made, in one line. */
export function BootstrapNote({ info }: { info: BootstrapInfo }) {
  return (
    <p className="text-xs text-slate-500">
      Intervals: 95% percentile bootstrap over items, {formatCount(info.resamples)} resamples, seed {info.seed}
      {info.grouped ? `, items resampled in ${formatCount(info.units)} fixed random groups` : `, ${formatCount(info.units)} items`}.
    </p>
  );
}
