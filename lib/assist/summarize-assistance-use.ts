import { bootstrapInterval, quantile, wilsonInterval, type Interval } from '@/lib/stats';
import type { AssistanceKind } from '@/lib/projects/settings';
import { ASSISTANCE_KINDS } from '@/lib/projects/settings';

/** One submitted assignment in which assistance was offered, with its requests. */
export type AssistedTask = {
  taskKind: 'RANK' | 'DETECT';
  /** Requests made, by kind (failed ones included: the labeler asked). */
  requests: Partial<Record<AssistanceKind, number>>;
  /** Look time (ms) of each answered request. */
  looks: number[];
};

export type AssistanceUse = {
  /** Submitted assignments where assistance was offered. */
  tasks: number;
  /** Share of them with at least one request (Wilson interval). */
  used: Interval & { hits: number };
  /** Mean requests per offered assignment, by kind (bootstrap over assignments). */
  perTask: Record<AssistanceKind, Interval>;
  /** Answers looked at: how many, median and total look time (ms). */
  answers: number;
  medianLookMs: number;
  totalLookMs: number;
};

/** Assistance use of one task kind's offered assignments (the dashboard's Assistance section). */
export function summarizeAssistanceUse(tasks: AssistedTask[], options: { seed?: number; resamples?: number } = {}): AssistanceUse {
  const { seed = 25, resamples = 1000 } = options;
  const count = (t: AssistedTask) => ASSISTANCE_KINDS.reduce((n, k) => n + (t.requests[k] ?? 0), 0);
  const hits = tasks.filter((t) => count(t) > 0).length;
  const looks = tasks.flatMap((t) => t.looks).sort((a, b) => a - b);
  const mean = (kind: AssistanceKind) => (sample: AssistedTask[]) =>
    sample.length ? sample.reduce((n, t) => n + (t.requests[kind] ?? 0), 0) / sample.length : Number.NaN;
  return {
    tasks: tasks.length,
    used: { ...wilsonInterval(hits, tasks.length), hits },
    perTask: Object.fromEntries(ASSISTANCE_KINDS.map((k) => [k, bootstrapInterval(tasks, mean(k), { seed, resamples })])) as Record<
      AssistanceKind,
      Interval
    >,
    answers: looks.length,
    medianLookMs: quantile(looks, 0.5),
    totalLookMs: looks.reduce((a, b) => a + b, 0),
  };
}
