import { formatDuration } from '@/components/my-work/format-duration';
import type { MyQuality, Share } from '@/lib/dashboard/types';
import type { MyWorkStats } from '@/lib/judgments/find-my-work-stats';

/**
 * How a measure's value is written in the labeler's language (issue 31): numbers in their locale,
 * the sentences from the catalogue's MyWork namespace. The screens build it from next-intl.
 */
export type MeasureWords = {
  number: (n: number) => string;
  /** "70.0" for 0.7: a rate as a percentage with one decimal. */
  percent: (rate: number) => string;
  pairs: (v: { percent: string; compared: string; day: string }) => string;
  steps: (v: { percent: string; compared: string; items: string; day: string }) => string;
};

/**
 * What "My work" shows, in order, for all projects and per project. A new measure (say,
 * demonstrations rejected) is a field on MyWorkStats and one entry here (its label in messages/, MyWork.measure).
 */
export const MY_WORK_MEASURES: { id: 'today' | 'total' | 'median' | 'skipped'; value: (stats: MyWorkStats, w: MeasureWords) => string }[] =
  [
    { id: 'today', value: (s, w) => w.number(s.today) },
    { id: 'total', value: (s, w) => w.number(s.total) },
    { id: 'median', value: (s) => (s.medianDurationMs === null ? '—' : formatDuration(s.medianDurationMs)) },
    { id: 'skipped', value: (s, w) => w.number(s.skipped) },
  ];

/** True before the first label or skip. */
export const hasNoWork = (stats: MyWorkStats) => stats.total === 0 && stats.skipped === 0;

/** The UTC day before which tasks count: the figures are cut at midnight UTC, so the day is named as UTC's ISO date. */
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const shareText = (share: Share & { asOf: Date }, w: MeasureWords) =>
  w.pairs({ percent: w.percent(share.rate), compared: w.number(share.compared), day: dayOf(share.asOf) });

/**
 * The labeler's own quality, per project only (it is measured against that project's other
 * labelers): agreement with their consensus and accuracy on gold and adjudicated items. Delayed
 * and in batches (lib/dashboard/get-my-quality.ts): "to" names the day before which tasks count.
 */
export const MY_QUALITY_MEASURES: { id: 'agreement' | 'gold' | 'step-gold'; value: (quality: MyQuality, w: MeasureWords) => string }[] = [
  { id: 'agreement', value: (q, w) => (q.looAgreement ? shareText(q.looAgreement, w) : '—') },
  { id: 'gold', value: (q, w) => (q.goldAccuracy ? shareText(q.goldAccuracy, w) : '—') },
  {
    id: 'step-gold',
    value: (q, w) =>
      q.stepGold
        ? w.steps({
            percent: w.percent(q.stepGold.rate),
            compared: w.number(q.stepGold.compared),
            items: w.number(q.stepGold.items),
            day: dayOf(q.stepGold.asOf),
          })
        : '—',
  },
];
