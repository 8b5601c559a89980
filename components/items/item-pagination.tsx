import Link from 'next/link';
import { itemListHref } from '@/components/items/item-list-href';
import type { TItemFilters } from '@/lib/items/schemas';

type Props = { projectId: string; filters: TItemFilters; page: number; pageSize: number; total: number };

const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50';

/** Previous/next links that keep the filters. */
export function ItemPagination({ projectId, filters, page, pageSize, total }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1 && page === 1) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4">
      <p className="text-sm text-slate-600">
        Page {page.toLocaleString('en')} of {pages.toLocaleString('en')}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={itemListHref(projectId, filters, Math.min(page - 1, pages))} rel="prev" className={linkClass}>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link href={itemListHref(projectId, filters, page + 1)} rel="next" className={linkClass}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
