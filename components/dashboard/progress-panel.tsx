import Link from 'next/link';
import { ChartFigure } from '@/components/dashboard/chart-figure';
import { formatCount, formatDays, formatPercent } from '@/components/dashboard/format';
import { LabelsPerDayChart } from '@/components/dashboard/labels-per-day-chart';
import { StatTiles } from '@/components/dashboard/stat-tiles';
import type { ProgressSummary } from '@/lib/dashboard/types';

const SEGMENTS = [
  { key: 'itemsComplete', label: 'Complete', className: 'bg-indigo-600' },
  { key: 'itemsInProgress', label: 'In progress', className: 'bg-indigo-300' },
  { key: 'itemsUntouched', label: 'Untouched', className: 'bg-slate-200' },
] as const;

/** Items complete / in progress / untouched as numbers and one stacked bar; labels per day; throughput and ETA. */
export function ProgressPanel({ projectId, progress }: { projectId: string; progress: ProgressSummary }) {
  const total = progress.itemsTotal;
  const share = (n: number) => (total > 0 ? n / total : Number.NaN);
  const last30 = progress.labelsPerDay.reduce((n, d) => n + d.labels, 0);
  return (
    <div className="flex flex-col gap-5">
      <StatTiles
        stats={[
          ...SEGMENTS.map((s) => ({
            id: s.key,
            label: `${s.label} items`,
            value: formatCount(progress[s.key]),
            detail: `${formatPercent(share(progress[s.key]))} of ${formatCount(total)}`,
          })),
          {
            id: 'throughput',
            label: 'Throughput',
            value: `${progress.throughputPerDay.toFixed(1)} / day`,
            detail: 'labels per day, mean of the last 7 days',
          },
        ]}
      />
      {total > 0 ? (
        <div className="flex flex-col gap-2">
          <div className="flex h-4 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
            {SEGMENTS.map((s) => (
              <div
                key={s.key}
                className={s.className}
                style={{ width: `${(100 * progress[s.key]) / total}%` }}
                title={`${s.label}: ${formatCount(progress[s.key])}`}
              />
            ))}
          </div>
          <ul className="flex flex-wrap gap-x-4 text-xs text-slate-700" aria-hidden="true">
            {SEGMENTS.map((s) => (
              <li key={s.key} className="flex items-center gap-1.5">
                <span className={`inline-block h-2.5 w-2.5 rounded-sm ${s.className}`} />
                {s.label}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-slate-700">This project has no items yet.</p>
      )}
      <p className="text-sm text-slate-800">
        <span className="font-medium">Estimated time to finish:</span>{' '}
        {progress.judgmentsNeeded === 0
          ? 'nothing left: every item has all its labels.'
          : progress.judgmentsGivable === 0
            ? 'no estimate: no labeler who could still give the labels left is available.'
            : progress.etaDays === null
              ? `no labels in the last 7 days, so no estimate; ${formatCount(progress.judgmentsGivable)} labels can still be given.`
              : `about ${formatDays(progress.etaDays)} for the ${formatCount(progress.judgmentsGivable)} labels that can still be given, at the last 7 days' pace.`}
      </p>
      {progress.judgmentsNeeded > progress.judgmentsGivable ? (
        <p className="text-sm text-amber-900" data-testid="progress-stuck">
          <span className="font-medium">Not in the estimate:</span> {formatCount(progress.judgmentsNeeded - progress.judgmentsGivable)}{' '}
          {progress.judgmentsNeeded - progress.judgmentsGivable === 1 ? 'label' : 'labels'} on {formatCount(progress.itemsStarving)}{' '}
          {progress.itemsStarving === 1 ? 'item' : 'items'} that no qualified labeler can still give (fewer labelers who meet the routing
          requirements, are unpaused, allowed to rank and have not had the item than open slots).{' '}
          <Link href={`/projects/${projectId}/dashboard/pool`} className="underline">
            Pool page: routing and starving items
          </Link>
          .
        </p>
      ) : null}
      <ChartFigure
        id="labels-per-day"
        title="Labels per day, last 30 days"
        description={`${formatCount(last30)} labels in 30 days; days in UTC.`}
        table={{
          caption: 'Labels submitted per day (UTC), last 30 days',
          columns: ['Day', 'Labels'],
          rows: progress.labelsPerDay.map((d) => [d.day, d.labels]),
        }}
      >
        <LabelsPerDayChart data={progress.labelsPerDay} />
      </ChartFigure>
    </div>
  );
}
