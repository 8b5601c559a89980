'use client';

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART, TICK } from '@/components/dashboard/chart-theme';

/** Labels submitted per UTC day, as bars (30 days, oldest left). */
export function LabelsPerDayChart({ data }: { data: { day: string; labels: number }[] }) {
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
        dataKey="day"
        tick={TICK}
        tickFormatter={(d: string) => d.slice(5)}
        interval="preserveStartEnd"
        minTickGap={16}
        label={{ value: 'Day (UTC, month-day)', position: 'insideBottom', offset: -16, ...TICK }}
      />
      <YAxis allowDecimals={false} tick={TICK} width={48} label={{ value: 'Labels', angle: -90, position: 'insideLeft', ...TICK }} />
      <Tooltip formatter={(v) => [Number(v).toLocaleString('en'), 'Labels']} labelFormatter={(d) => `${String(d)} (UTC)`} />
      <Legend verticalAlign="top" height={24} wrapperStyle={{ fontSize: CHART.font }} />
      <Bar dataKey="labels" name="Labels submitted" fill={CHART.primary} isAnimationActive={false} />
    </BarChart>
  );
}
