import { formatDuration } from '@/components/my-work/format-duration';
import type { MyQuality, Share } from '@/lib/dashboard/types';
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

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const shareText = (share: Share & { asOf: Date }) =>
  `${(share.rate * 100).toFixed(1)}% of ${share.compared.toLocaleString('en')} pairs (to ${dayOf(share.asOf)})`;

/**
 * The labeler's own quality, per project only (it is measured against that project's other
 * labelers): agreement with their consensus and accuracy on gold and adjudicated items. Delayed
 * and in batches (lib/dashboard/get-my-quality.ts): "to" names the day before which tasks count.
 */
export const MY_QUALITY_MEASURES: { id: string; label: string; value: (quality: MyQuality) => string }[] = [
  { id: 'agreement', label: 'Agreement with other labelers', value: (q) => (q.looAgreement ? shareText(q.looAgreement) : '—') },
  { id: 'gold', label: 'Gold accuracy', value: (q) => (q.goldAccuracy ? shareText(q.goldAccuracy) : '—') },
  {
    id: 'step-gold',
    label: 'Step gold',
    value: (q) =>
      q.stepGold
        ? `${(q.stepGold.rate * 100).toFixed(1)}% of ${q.stepGold.compared.toLocaleString('en')} steps on ${q.stepGold.items} items (to ${dayOf(q.stepGold.asOf)})`
        : '—',
  },
];
