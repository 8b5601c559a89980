'use client';

import { CartesianGrid, ErrorBar, Legend, ReferenceLine, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART, TICK } from '@/components/dashboard/chart-theme';

type Row = { modelId: string; rating: number; low: number; high: number; games: number };

/** Bradley–Terry ratings as dots with their 95% intervals as horizontal error bars, best model on top. */
export function ModelRatingChart({ rows }: { rows: Row[] }) {
  const data = rows.map((r) => ({
    ...r,
    error: [Number.isFinite(r.low) ? r.rating - r.low : 0, Number.isFinite(r.high) ? r.high - r.rating : 0],
  }));
  const height = Math.max(160, 56 + 36 * rows.length);
  // Round bounds to 50 rating points so the ticks are round numbers.
  const finite = rows.flatMap((r) => [r.rating, r.low, r.high]).filter(Number.isFinite);
  const bounds = finite.length > 0 ? finite : [1000];
  const domain = [Math.floor((Math.min(...bounds) - 10) / 50) * 50, Math.ceil((Math.max(...bounds) + 10) / 50) * 50] as const;
  const step = (domain[1] - domain[0]) / 50 > 10 ? Math.ceil((domain[1] - domain[0]) / 500) * 50 : 50;
  const ticks = Array.from({ length: Math.floor((domain[1] - domain[0]) / step) + 1 }, (_, i) => domain[0] + i * step);
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
        dataKey="rating"
        domain={[domain[0], domain[1]]}
        ticks={ticks}
        tickFormatter={(v: number) => String(Math.round(v))}
        tick={TICK}
        label={{ value: 'Bradley–Terry rating (Elo-like; geometric mean = 1000)', position: 'insideBottom', offset: -16, ...TICK }}
      />
      {/* Reversed, so the first (best) model is on top as in the leaderboard. */}
      <YAxis type="category" dataKey="modelId" allowDuplicatedCategory={false} reversed tick={TICK} width={140} />
      <ReferenceLine x={1000} stroke={CHART.axis} strokeDasharray="4 4" />
      <Tooltip
        cursor={{ strokeDasharray: '3 3' }}
        formatter={(value, name) => (name === 'rating' ? [String(Math.round(Number(value))), 'Rating'] : [String(value), String(name)])}
      />
      <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: CHART.font }} />
      <Scatter data={data} name="Rating with 95% bootstrap interval" fill={CHART.primary} isAnimationActive={false}>
        <ErrorBar dataKey="error" direction="x" width={6} stroke={CHART.primary} strokeWidth={1.5} isAnimationActive={false} />
      </Scatter>
    </ScatterChart>
  );
}
