'use client';

import { Bar, BarChart, CartesianGrid, ErrorBar, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART, TICK } from '@/components/dashboard/chart-theme';

type Row = { aspect: string; own: number; ownLow: number; ownHigh: number; flipped: number; flippedLow: number; flippedHigh: number };

const error = (v: number, low: number, high: number) => [Number.isFinite(low) ? v - low : 0, Number.isFinite(high) ? high - v : 0];

/** How often each aspect departs from the overall ranking: own rankings and flipped pairs, as shares with their 95% intervals. */
export function AspectDisagreementChart({ rows }: { rows: Row[] }) {
  const data = rows.map((r) => ({
    aspect: r.aspect,
    own: r.own * 100,
    ownError: error(r.own * 100, r.ownLow * 100, r.ownHigh * 100),
    flipped: r.flipped * 100,
    flippedError: error(r.flipped * 100, r.flippedLow * 100, r.flippedHigh * 100),
  }));
  return (
    <BarChart
      responsive
      layout="vertical"
      data={data}
      style={{ width: '100%', height: Math.max(160, 60 + 56 * rows.length) }}
      margin={{ top: 8, right: 24, bottom: 24, left: 8 }}
      accessibilityLayer={false}
    >
      <CartesianGrid stroke={CHART.grid} />
      <XAxis
        type="number"
        domain={[0, 100]}
        tickFormatter={(v: number) => `${v}%`}
        tick={TICK}
        label={{ value: 'Share (95% bootstrap interval)', position: 'insideBottom', offset: -16, ...TICK }}
      />
      <YAxis type="category" dataKey="aspect" tick={TICK} width={120} />
      <Tooltip formatter={(value) => `${Number(value).toFixed(1)}%`} />
      <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: CHART.font }} />
      <Bar dataKey="own" name="Judgments with an own ranking" fill={CHART.primary} isAnimationActive={false}>
        <ErrorBar dataKey="ownError" direction="x" width={6} stroke={CHART.axis} isAnimationActive={false} />
      </Bar>
      <Bar dataKey="flipped" name="Overall pairs flipped" fill={CHART.primaryLight} isAnimationActive={false}>
        <ErrorBar dataKey="flippedError" direction="x" width={6} stroke={CHART.axis} isAnimationActive={false} />
      </Bar>
    </BarChart>
  );
}
