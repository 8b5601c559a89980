import type { ReactNode } from 'react';

export type Stat = { id: string; label: string; value: string; detail?: ReactNode };

/** Headline numbers as tiles: a description list, read as term and value. */
export function StatTiles({ stats }: { stats: Stat[] }) {
  return (
    <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {stats.map((s) => (
        <div key={s.id} className="rounded-md border border-slate-200 p-3" data-stat={s.id}>
          <dt className="text-xs text-slate-600">{s.label}</dt>
          <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">{s.value}</dd>
          {s.detail ? <dd className="text-xs text-slate-600">{s.detail}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
