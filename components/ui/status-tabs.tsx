import Link from 'next/link';

/** Links filtering a review list by status (`?status=`), each with its count when given, the current one marked for assistive technology. */
export function StatusTabs<S extends string>({
  href,
  statuses,
  labels,
  current,
  counts,
}: {
  href: string;
  statuses: readonly S[];
  labels: Record<S, string>;
  current: S;
  counts?: Record<S, number>;
}) {
  return (
    <nav aria-label="Status" className="flex gap-2">
      {statuses.map((s) => (
        <Link
          key={s}
          href={`${href}?status=${s}`}
          aria-current={s === current ? 'page' : undefined}
          className={`rounded-md border px-3 py-1.5 text-sm ${s === current ? 'border-indigo-600 bg-indigo-50 font-medium text-indigo-900' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
        >
          {labels[s]}
          {counts ? ` (${counts[s].toLocaleString('en')})` : ''}
        </Link>
      ))}
    </nav>
  );
}
