import Link from 'next/link';

type Props = {
  page: number;
  pageSize: number;
  total: number;
  /** `total` is a lower bound: more rows exist (a count that stopped early). */
  moreThanTotal?: boolean;
  hrefFor: (page: number) => string;
};

/** A `?page=` value: a whole number from 1 (anything else reads as 1). */
export function pageParam(raw: string | string[] | undefined): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && /^[1-9]\d{0,6}$/.test(value) ? Number(value) : 1;
}

const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50';

/**
 * "Page N of M" (or "of more than M" when the count stopped early) with previous/next links
 * (`hrefFor` builds each page's address); nothing when one page holds all.
 */
export function Pagination({ page, pageSize, total, moreThanTotal = false, hrefFor }: Props) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1 && page === 1 && !moreThanTotal) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4">
      <p className="text-sm text-slate-600">
        Page {page.toLocaleString('en')} of {moreThanTotal ? 'more than ' : ''}
        {pages.toLocaleString('en')}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={hrefFor(Math.min(page - 1, pages))} rel="prev" className={linkClass}>
            Previous
          </Link>
        ) : null}
        {page < pages || moreThanTotal ? (
          <Link href={hrefFor(page + 1)} rel="next" className={linkClass}>
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
