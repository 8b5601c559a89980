import { wilsonInterval, type Interval } from '@/lib/stats';

/**
 * Newcombe's hybrid score interval for a difference of two independent proportions (Newcombe 1998,
 * method 10), built from the two Wilson intervals. NaN bounds when either side has no trials.
 */
export function differenceInterval(x1: number, n1: number, x2: number, n2: number): Interval {
  const a = wilsonInterval(x1, n1);
  const b = wilsonInterval(x2, n2);
  const d = a.estimate - b.estimate;
  if (n1 === 0 || n2 === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN };
  return {
    estimate: d,
    low: d - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2),
    high: d + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2),
  };
}

export type GapFacets = { model: string | null; templateVersion: number | null; category: string; severity: number };
/** One discriminator trial: did the judge name the flawed text? (No template version: its prompt is fixed.) */
export type DiscriminatorTrial = Omit<GapFacets, 'templateVersion'> & { correct: boolean };
/** One critique of a flawed text judged for pointing to the planted flaw, by labelers (detect) or by the judge. */
export type CritiqueHit = GapFacets & { hit: boolean; source: 'labelers' | 'judge' };

export type Proportion = Interval & { successes: number; n: number };
export type GapRow = {
  dimension: 'all' | 'model' | 'templateVersion' | 'category' | 'severity';
  value: string;
  discriminator: Proportion;
  labelers: Proportion;
  judge: Proportion;
  /** Discriminator accuracy − critique hit rate, with Newcombe's interval, per source of the hit. */
  gapLabelers: Interval;
  gapJudge: Interval;
};

const proportion = (rows: { ok: boolean }[]): Proportion => {
  const successes = rows.filter((r) => r.ok).length;
  return { ...wilsonInterval(successes, rows.length), successes, n: rows.length };
};

/**
 * The discriminator–critique gap (issue 25): discriminator accuracy, critique hit rate (labelers' and
 * the judge's proxy) and their difference, with Wilson and Newcombe intervals, overall and per model,
 * critique template version, flaw category and severity. A dimension a trial does not have (the
 * discriminator has no template version) keeps all its trials in every row of that dimension. Pure.
 */
export function computeCritiqueGap(trials: DiscriminatorTrial[], hits: CritiqueHit[]): GapRow[] {
  const row = (dimension: GapRow['dimension'], value: string, t: DiscriminatorTrial[], h: CritiqueHit[]): GapRow => {
    const discriminator = proportion(t.map((x) => ({ ok: x.correct })));
    const labelers = proportion(h.filter((x) => x.source === 'labelers').map((x) => ({ ok: x.hit })));
    const judge = proportion(h.filter((x) => x.source === 'judge').map((x) => ({ ok: x.hit })));
    return {
      dimension,
      value,
      discriminator,
      labelers,
      judge,
      gapLabelers: differenceInterval(discriminator.successes, discriminator.n, labelers.successes, labelers.n),
      gapJudge: differenceInterval(discriminator.successes, discriminator.n, judge.successes, judge.n),
    };
  };
  const rows = [row('all', 'all', trials, hits)];
  const show = (v: unknown) => (v === null || v === undefined ? '—' : String(v));
  for (const dimension of ['model', 'templateVersion', 'category', 'severity'] as const) {
    const values = [
      ...new Set([
        ...trials.map((t) => (dimension in t ? show(t[dimension as keyof DiscriminatorTrial]) : null)),
        ...hits.map((h) => show(h[dimension])),
      ]),
    ]
      .filter((v): v is string => v !== null)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    for (const value of values) {
      const t = dimension === 'templateVersion' ? trials : trials.filter((x) => show(x[dimension]) === value);
      rows.push(
        row(
          dimension,
          value,
          t,
          hits.filter((x) => show(x[dimension]) === value),
        ),
      );
    }
  }
  return rows;
}
