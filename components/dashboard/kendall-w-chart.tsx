'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART, TICK } from '@/components/dashboard/chart-theme';
import { binLabel } from '@/components/dashboard/format';

type Bin = { from: number; to: number; items: number };

/** How many items fall in each tenth of Kendall's W (0 = no agreement on the order, 1 = the same order). */
export function KendallWChart({ histogram }: { histogram: Bin[] }) {
  const data = histogram.map((b) => ({ bin: binLabel(b), items: b.items }));
  return (
    <BarChart
      data={data}
      responsive
      style={{ width: '100%', height: CHART.height }}
      margin={{ top: 8, right: 8, bottom: 24, left: 8 }}
      accessibilityLayer={false}
    >
      <CartesianGrid stroke={CHART.grid} vertical={false} />
      <XAxis
        dataKey="bin"
        tick={TICK}
        interval={0}
        angle={-30}
        textAnchor="end"
        height={44}
        label={{ value: "Kendall's W", position: 'insideBottom', offset: -16, ...TICK }}
      />
      <YAxis allowDecimals={false} tick={TICK} width={48} label={{ value: 'Items', angle: -90, position: 'insideLeft', ...TICK }} />
      <Tooltip formatter={(v) => [Number(v).toLocaleString('en'), 'Items']} labelFormatter={(l) => `W ${String(l)}`} />
      <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: CHART.font }} />
      <Bar dataKey="items" name="Items with W in this range" fill={CHART.primary} isAnimationActive={false} />
    </BarChart>
  );
}
