import type { HealthRate, HealthReport, HealthWarning } from '@/lib/health/types';

/**
 * When the report warns (docs/decisions.md, issue 28). Shares are of validation pairs when there
 * are at least MIN_VALIDATION of them, else of all pairs.
 */
export const HEALTH_THRESHOLDS = {
  /** Length: the longer response wins in at least this share, and the interval's low end is above 0.5. */
  lengthShare: 0.6,
  /** "…will largely learn length": the length rule reaches within this much of human agreement (or beats it). */
  lengthNearHuman: 0.1,
  /** Position: the earlier-shown response wins this far from 0.5 or more, the interval excluding 0.5. */
  positionGap: 0.05,
  /** Learnable from cheap features: the learned baseline's held-out accuracy at least this (interval above 0.5). */
  learnedShare: 0.65,
  /** Labelers agree on fewer than this share of strict pairs. */
  lowAgreement: 0.65,
  /** Fewer validation pairs than this: figures are of all pairs and the intervals are wide. */
  minValidation: 100,
  /** Style: a model's rating falls at least this much (Elo-like points; 25 ≈ 3.6 points of win rate) once length is controlled. */
  styleRatingDrop: 25,
} as const;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The rate the warnings read: validation's when it is large enough, else all pairs'. */
export function headlineRate(rates: { validation: HealthRate; all: HealthRate }): { rate: HealthRate; of: string } {
  return rates.validation.n >= HEALTH_THRESHOLDS.minValidation
    ? { rate: rates.validation, of: 'validation pairs' }
    : { rate: rates.all, of: 'pairs' };
}

/** Plain-language warnings of a report, most serious first. */
export function healthWarnings(report: Omit<HealthReport, 'warnings'>): HealthWarning[] {
  const t = HEALTH_THRESHOLDS;
  if (report.pairs.compared === 0)
    return [{ code: 'small', message: 'no labeled pairs to measure yet: label (or import labels for) some items, then look again.' }];
  const out: HealthWarning[] = [];
  const human = report.agreement.human.share;
  const { rate: length, of } = headlineRate(report.length.chars);
  if (length.share !== null && length.low !== null && length.share >= t.lengthShare && length.low > 0.5) {
    const base = `length alone predicts ${pct(length.share)} of ${of} (the longer response is chosen)`;
    if (human !== null && length.share >= human - t.lengthNearHuman)
      out.push({
        code: 'length',
        message: `${base}; human agreement is ${pct(human)}: a reward model trained on this will largely learn length.`,
      });
    else if (human !== null)
      out.push({
        code: 'length',
        message: `${base}; human agreement is ${pct(human)}: a reward model will pick up a strong length preference.`,
      });
    else
      out.push({
        code: 'length',
        message: `${base}; no item has two labels, so there is no human agreement to compare with: a reward model will pick up a strong length preference.`,
      });
  }
  const learned = report.learned.validation;
  if (learned && learned.low !== null && learned.accuracy >= t.learnedShare && learned.low > 0.5) {
    const top = [...report.learned.weights]
      .filter((w) => w.weight !== null)
      .sort((a, b) => Math.abs(b.weight!) - Math.abs(a.weight!))
      .slice(0, 2)
      .map((w) => `${w.label} (${w.weight! > 0 ? 'more wins' : 'fewer wins'})`);
    out.push({
      code: 'learnable',
      message: `cheap surface features predict ${pct(learned.accuracy)} of validation pairs${human !== null ? ` (human agreement ${pct(human)})` : ''}; the strongest: ${top.join(', ')}.`,
    });
  }
  const position = report.position;
  if (
    position.share !== null &&
    position.low !== null &&
    position.high !== null &&
    Math.abs(position.share - 0.5) >= t.positionGap &&
    (position.low > 0.5 || position.high < 0.5)
  )
    out.push({
      code: 'position',
      message: `the response shown ${position.share > 0.5 ? 'first' : 'later'} won ${pct(position.share > 0.5 ? position.share : 1 - position.share)} of ${position.n.toLocaleString('en')} labeled pairs: labelers favour a screen position, and the labels carry it.`,
    });
  if (human !== null && report.agreement.human.n > 0 && human < t.lowAgreement)
    out.push({
      code: 'agreement',
      message: `labelers agree on only ${pct(human)} of the pairs they both ordered: noisy labels, so expect a reward model's held-out accuracy near that.`,
    });
  const rows = report.models.rows;
  if (rows.length >= 2) {
    const byPlain = [...rows].sort((a, b) => b.rating - a.rating).map((r) => r.model);
    rows.forEach((r, controlledRank) => {
      if (r.rating - r.rating_length_controlled < t.styleRatingDrop) return;
      const from = byPlain.indexOf(r.model) + 1;
      const to = controlledRank + 1;
      out.push({
        code: 'style',
        message: `${r.model} rates ${Math.round(r.rating)} by wins but ${Math.round(r.rating_length_controlled)} once length is controlled${from === to ? '' : ` (#${from} → #${to})`}: part of its wins come from longer answers.`,
      });
    });
  }
  if (report.pairs.validation < t.minValidation)
    out.push({
      code: 'small',
      message: `only ${report.pairs.validation.toLocaleString('en')} validation pairs: the held-out figures are uncertain (see the intervals).`,
    });
  return out;
}
