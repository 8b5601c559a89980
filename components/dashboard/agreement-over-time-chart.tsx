'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART, TICK } from '@/components/dashboard/chart-theme';

type Props = {
  weeks: { week: string; rate: number; compared: number }[];
  reference: { label: string; value: number }[];
};

const DASHES = ['6 3', '2 3', '10 4 2 4'];
const percent = (v: number) => `${Math.round(v * 100)}%`;

/**
 * Pairwise agreement per ISO week, with the published reference points as dashed lines. Their
 * values sit within a point of each other, so they are named in a legend below the drawing
 * rather than by labels on the lines, which would overlap.
 */
export function AgreementOverTimeChart({ weeks, reference }: Props) {
  const values = [...weeks.map((w) => w.rate), ...reference.map((r) => r.value)].filter(Number.isFinite);
  const low = Math.max(0, Math.min(0.5, Math.floor((Math.min(...values) - 0.05) * 10) / 10));
  const ticks = Array.from({ length: Math.round((1 - low) * 10) + 1 }, (_, i) => Math.round((low + i / 10) * 10) / 10);
  return (
    <div className="flex flex-col gap-2">
      <LineChart
        data={weeks}
        responsive
        style={{ width: '100%', height: CHART.height }}
        margin={{ top: 8, right: 16, bottom: 24, left: 8 }}
        accessibilityLayer={false}
      >
        <CartesianGrid stroke={CHART.grid} vertical={false} />
        <XAxis
          dataKey="week"
          tick={TICK}
          label={{ value: 'ISO week of the later judgment', position: 'insideBottom', offset: -16, ...TICK }}
        />
        <YAxis
          domain={[low, 1]}
          ticks={ticks}
          tickFormatter={percent}
          tick={TICK}
          width={52}
          label={{ value: 'Agreement', angle: -90, position: 'insideLeft', ...TICK }}
        />
        <Tooltip formatter={(v) => [`${(Number(v) * 100).toFixed(1)}%`, 'Pairwise agreement']} />
        {reference.map((r, i) => (
          <ReferenceLine
            key={r.label}
            y={r.value}
            stroke={CHART.reference[i % CHART.reference.length]}
            strokeDasharray={DASHES[i % DASHES.length]}
            strokeWidth={1.5}
            ifOverflow="extendDomain"
          />
        ))}
        <Line dataKey="rate" name="This project" stroke={CHART.primary} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
      </LineChart>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        <li className="flex items-center gap-1.5">
          <svg width="24" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="24" y2="4" stroke={CHART.primary} strokeWidth="2" />
          </svg>
          This project, per week
        </li>
        {reference.map((r, i) => (
          <li key={r.label} className="flex items-center gap-1.5">
            <svg width="24" height="8" aria-hidden="true">
              <line
                x1="0"
                y1="4"
                x2="24"
                y2="4"
                stroke={CHART.reference[i % CHART.reference.length]}
                strokeWidth="1.5"
                strokeDasharray={DASHES[i % DASHES.length]}
              />
            </svg>
            {r.label}: {(r.value * 100).toFixed(1)}%
          </li>
        ))}
      </ul>
    </div>
  );
}
