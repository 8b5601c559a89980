import { itemListHref } from '@/components/items/item-list-href';
import { Pagination } from '@/components/ui/pagination';
import type { TItemFilters } from '@/lib/items/schemas';

type Props = { projectId: string; filters: TItemFilters; page: number; pageSize: number; total: number; moreThanTotal: boolean };

/** Previous/next links that keep the filters; "of more than N" pages when a search's count stopped at its cap. */
export function ItemPagination({ projectId, filters, page, pageSize, total, moreThanTotal }: Props) {
  return (
    <Pagination
      page={page}
      pageSize={pageSize}
      total={total}
      moreThanTotal={moreThanTotal}
      hrefFor={(p) => itemListHref(projectId, filters, p)}
    />
  );
}
