import type { LabelerAlarm } from '@/lib/dashboard/types';
import { binomialTestLess, normalTestTwoSided } from '@/lib/stats';

/** An alarm needs this many pairs and a p-value below this (PRODUCT §5, issue 6). */
export const ALARM_MIN_PAIRS = 30;
export const ALARM_P = 0.01;

/** A labeler's summed per-judgment numbers (judgment_stats), with the sums of squares the tests need. */
export type AlarmSums = {
  looAgree: number;
  looCompared: number;
  /** Σ a², Σ a·c, Σ c² over judgments (a = agreeing pairs, c = compared pairs). */
  looAgreeSq: number;
  looCross: number;
  looComparedSq: number;
  firstWins: number;
  firstLosses: number;
  firstNullVariance: number;
};

/**
 * The two alarms. low_agreement: one-sided binomial test of leave-one-out agreement below `p0`
 * (the other labelers' rate). Pairs of one judgment are correlated (one misread prompt flips
 * several), so the counts are divided by the design effect — the observed variance of the
 * per-judgment residuals a − p0·c over the binomial variance, never below 1 — before the exact
 * test. position_bias: two-sided test of the first-shown response's wins − losses against its
 * exact variance under random shuffling (normal approximation). Each needs ≥ 30 pairs and p < 0.01.
 */
export function labelerAlarms(s: AlarmSums, p0: number): { agreementP: number; positionP: number; alarms: LabelerAlarm[] } {
  let agreementP = Number.NaN;
  if (s.looCompared > 0 && p0 > 0 && p0 < 1) {
    const observed = s.looAgreeSq - 2 * p0 * s.looCross + p0 * p0 * s.looComparedSq;
    const deff = Math.max(1, observed / (p0 * (1 - p0) * s.looCompared));
    agreementP = binomialTestLess(Math.round(s.looAgree / deff), Math.max(1, Math.round(s.looCompared / deff)), p0);
  }
  const positionP =
    s.firstNullVariance > 0 ? normalTestTwoSided((s.firstWins - s.firstLosses) / Math.sqrt(s.firstNullVariance)) : Number.NaN;
  const alarms: LabelerAlarm[] = [];
  if (s.looCompared >= ALARM_MIN_PAIRS && agreementP < ALARM_P) alarms.push('low_agreement');
  if (s.firstWins + s.firstLosses >= ALARM_MIN_PAIRS && positionP < ALARM_P) alarms.push('position_bias');
  return { agreementP, positionP, alarms };
}
