import type { HealthRate, HealthReport } from '@/lib/health/types';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const interval = (low: number | null, high: number | null) => (low === null || high === null ? '' : `${pct(low)}–${pct(high)}`);
const n = (x: number) => x.toLocaleString('en');

/** One line of the baselines table: what predicts the chosen response, its share, 95% interval and pairs. */
export type HealthTableRow = { baseline: string; on: string; share: number | null; low: number | null; high: number | null; n: number };

const fromRate = (baseline: string, on: string, r: HealthRate): HealthTableRow => ({
  baseline,
  on,
  share: r.share,
  low: r.low,
  high: r.high,
  n: r.n,
});

/** The baselines beside human agreement, in the order the card, the screens and the CLI show them. */
export function healthTable(report: HealthReport): HealthTableRow[] {
  const rows: HealthTableRow[] = [
    fromRate('Longer wins (characters)', 'validation', report.length.chars.validation),
    fromRate('Longer wins (characters)', 'train', report.length.chars.train),
    fromRate('Longer wins (words)', 'validation', report.length.words.validation),
    fromRate('Longer wins (words)', 'train', report.length.words.train),
  ];
  const v = report.learned.validation;
  rows.push(
    v
      ? { baseline: 'Learned baseline (cheap features)', on: 'validation', share: v.accuracy, low: v.low, high: v.high, n: v.n }
      : { baseline: 'Learned baseline (cheap features)', on: 'validation', share: null, low: null, high: null, n: 0 },
  );
  rows.push(fromRate('Shown first wins', 'labels with a known order', report.position));
  rows.push(fromRate('Length rule vs each label', 'items with 2+ labels', report.agreement.length_rule));
  rows.push(fromRate('Human agreement (ceiling)', 'items with 2+ labels', report.agreement.human));
  return rows;
}

/** The report as Markdown: the dataset card's "Dataset health" section and the CLI's table. */
export function renderHealthMarkdown(report: HealthReport, options: { heading?: string; escape?: (text: string) => string } = {}): string {
  const escape = options.escape ?? ((text: string) => text.replaceAll('|', '\\|'));
  const lines: string[] = [];
  if (options.heading) lines.push(options.heading, '');
  const p = report.pairs;
  lines.push(
    `${n(p.rows)} rows: ${n(p.compared)} compared, ${n(p.ties)} ties (left out of every accuracy), ${n(p.train)} train / ${n(p.validation)} validation. ` +
      'Shares of pairs where the baseline picks the chosen response, with 95% intervals (Wilson; the learned baseline: bootstrap over validation items).',
    '',
  );
  if (report.warnings.length > 0) {
    lines.push('**Warnings**', '');
    for (const w of report.warnings) lines.push(`- ${escape(`${w.message.charAt(0).toUpperCase()}${w.message.slice(1)}`)}`);
    lines.push('');
  } else lines.push('No warnings: no shortcut above the thresholds.', '');
  lines.push('| Baseline | On | Share | 95% interval | Pairs |', '|---|---|---:|---|---:|');
  for (const r of healthTable(report)) lines.push(`| ${r.baseline} | ${r.on} | ${pct(r.share)} | ${interval(r.low, r.high)} | ${n(r.n)} |`);
  lines.push('');
  const l = report.learned;
  if (l.note) lines.push(`Learned baseline: ${l.note}`, '');
  else {
    lines.push(
      `Learned baseline: ${l.method} (λ = ${l.lambda}), fitted on train (${n(l.train.n)} pairs, ${pct(l.train.share)} in-sample). ` +
        'Weights are per one root-mean-square difference of the feature; positive: more of it wins.',
      '',
      '| Feature | Weight |',
      '|---|---:|',
    );
    for (const w of l.weights) lines.push(`| ${w.label} | ${w.weight === null ? 'never differs' : w.weight.toFixed(3)} |`);
    lines.push('');
  }
  const m = report.models;
  if (m.rows.length > 0) {
    lines.push(
      `Models (${n(m.compared)} non-tie pairs between two models; length coefficient ${m.length_coefficient === null ? '–' : m.length_coefficient.toFixed(3)} per standard deviation of the normalised length difference):`,
      '',
      '| Model | Pairs | Win rate | Rating | Rating, length controlled | Expected win rate | Expected, length controlled |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of m.rows)
      lines.push(
        `| ${escape(r.model)} | ${n(r.games)} | ${pct(r.win_rate)} | ${r.rating.toFixed(0)} | ${r.rating_length_controlled.toFixed(0)} | ${pct(r.expected_win_rate)} | ${pct(r.expected_win_rate_length_controlled)} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
