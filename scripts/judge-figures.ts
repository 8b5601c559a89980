import type { GapRow } from '../lib/judge/compute-critique-gap';
import { MT_BENCH_REFERENCE, type JudgeAgreement } from '../lib/judge/compute-judge-agreement';
import type { JudgeRunSummary } from '../lib/judge/get-judge-agreement';
import type { Interval } from '../lib/stats';

const pct = (i: Interval) =>
  Number.isFinite(i.estimate)
    ? `${(i.estimate * 100).toFixed(1)}% (95% CI ${(i.low * 100).toFixed(1)}–${(i.high * 100).toFixed(1)}%)`
    : '—';

/** The judge figures as text (the CLI's `judge agreement` and scripts/judge-demo.ts). */
export function formatJudgeFigures(options: { run: JudgeRunSummary | null; agreement: JudgeAgreement; gap: GapRow[] }): string {
  const { run, agreement: a } = options;
  if (!run) return 'No AI judge run has labels yet.';
  const lines = [
    `AI judge run ${run.jobId}: ${run.connectionName} (${run.model}), template v${run.templateVersion}, ${run.labels} labels, ${a.items} items with human labels`,
    '                                 ties excluded                        ties as disagreement',
  ];
  for (const [name, f] of [
    ['judge vs consensus', a.judgeVsConsensus],
    ['judge vs each labeler', a.judgeVsLabelers],
    ['labeler vs labeler', a.humanVsHuman],
  ] as const)
    lines.push(
      `${name.padEnd(32)} ${`${pct(f.tiesExcluded)} n=${f.tiesExcluded.compared}`.padEnd(37)} ${pct(f.tiesAsDisagreement)} n=${f.tiesAsDisagreement.compared}`,
    );
  lines.push(`reference: ${MT_BENCH_REFERENCE.source}`);
  lines.push(
    `position consistency: ${a.positionConsistency.consistent}/${a.positionConsistency.pairs} pairs, ${pct(a.positionConsistency)} (Wilson)`,
  );
  lines.push('model scores (Bradley–Terry): model, labelers, judge');
  for (const m of a.modelScores)
    lines.push(`  ${m.model.padEnd(30)} ${m.human === null ? '—' : Math.round(m.human)}  ${m.judge === null ? '—' : Math.round(m.judge)}`);
  const all = options.gap.find((r) => r.dimension === 'all');
  if (all && all.discriminator.n + all.judge.n + all.labelers.n > 0)
    lines.push(
      `discriminator accuracy ${pct(all.discriminator)} n=${all.discriminator.n}; critique hit rate: labelers ${pct(all.labelers)} n=${all.labelers.n}, ` +
        `judge ${pct(all.judge)} n=${all.judge.n}; gap (judge) ${pct(all.gapJudge)}`,
    );
  return lines.join('\n');
}
