'use client';

import { CartesianGrid, ErrorBar, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART, TICK } from '@/components/dashboard/chart-theme';

export type HealthChartRow = { label: string; share: number; low: number | null; high: number | null; human: boolean };

/**
 * Each baseline's share of pairs it predicts (dots, 95% intervals as bars) beside human agreement
 * (the ceiling, in amber, also drawn as a dashed line): a baseline near the line explains most of
 * what labelers agree on. The dotted line is chance (50%).
 */
export function HealthChart({ rows, human }: { rows: HealthChartRow[]; human: number | null }) {
  const toData = (r: HealthChartRow) => ({
    label: r.label,
    share: r.share * 100,
    error: [r.low === null ? 0 : (r.share - r.low) * 100, r.high === null ? 0 : (r.high - r.share) * 100],
  });
  const baselines = rows.filter((r) => !r.human).map(toData);
  const ceiling = rows.filter((r) => r.human).map(toData);
  const height = Math.max(160, 56 + 34 * rows.length);
  return (
    <ScatterChart
      responsive
      style={{ width: '100%', height }}
      margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
      accessibilityLayer={false}
    >
      <CartesianGrid stroke={CHART.grid} />
      <XAxis
        type="number"
        dataKey="share"
        domain={[0, 100]}
        ticks={[0, 25, 50, 75, 100]}
        tickFormatter={(v: number) => `${v}%`}
        tick={TICK}
        label={{ value: 'Share of pairs where it picks the chosen response', position: 'insideBottom', offset: -16, ...TICK }}
      />
      <YAxis type="category" dataKey="label" allowDuplicatedCategory={false} reversed tick={TICK} width={190} />
      <ReferenceLine x={50} stroke={CHART.axis} strokeDasharray="2 4" />
      {human !== null ? <ReferenceLine x={human * 100} stroke={CHART.reference[0]} strokeDasharray="6 3" /> : null}
      <Tooltip formatter={(value) => [`${Number(value).toFixed(1)}%`, 'Share']} />
      <Scatter data={baselines} name="Baseline" fill={CHART.primary} isAnimationActive={false}>
        <ErrorBar dataKey="error" direction="x" width={6} stroke={CHART.primary} strokeWidth={1.5} isAnimationActive={false} />
      </Scatter>
      <Scatter data={ceiling} name="Human agreement" fill={CHART.reference[0]} shape="diamond" isAnimationActive={false}>
        <ErrorBar dataKey="error" direction="x" width={6} stroke={CHART.reference[0]} strokeWidth={1.5} isAnimationActive={false} />
      </Scatter>
    </ScatterChart>
  );
}
