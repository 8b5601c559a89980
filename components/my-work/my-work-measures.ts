import { formatDuration } from '@/components/my-work/format-duration';
import type { MyWorkStats } from '@/lib/judgments/find-my-work-stats';

/**
 * What "My work" shows, in order, for all projects and per project. A new measure (say,
 * demonstrations rejected) is a field on MyWorkStats and one entry here.
 */
export const MY_WORK_MEASURES: { id: string; label: string; value: (stats: MyWorkStats) => string }[] = [
  { id: 'today', label: 'Labels today', value: (s) => s.today.toLocaleString('en') },
  { id: 'total', label: 'Labels in total', value: (s) => s.total.toLocaleString('en') },
  { id: 'median', label: 'Median time per task', value: (s) => (s.medianDurationMs === null ? '—' : formatDuration(s.medianDurationMs)) },
  { id: 'skipped', label: 'Skipped', value: (s) => s.skipped.toLocaleString('en') },
];

/** True before the first label or skip. */
export const hasNoWork = (stats: MyWorkStats) => stats.total === 0 && stats.skipped === 0;
