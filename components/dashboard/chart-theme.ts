/** Colours and sizes shared by the dashboard charts (Tailwind's palette, so charts match the page). */
export const CHART = {
  primary: '#4f46e5', // indigo-600
  primaryLight: '#a5b4fc', // indigo-300
  grid: '#e2e8f0', // slate-200
  axis: '#475569', // slate-600
  reference: ['#b45309', '#047857', '#be185d'], // amber-700, emerald-700, pink-700
  font: 12,
  height: 260,
} as const;

/** Axis tick and label text, legible in a screenshot. */
export const TICK = { fontSize: CHART.font, fill: CHART.axis } as const;
