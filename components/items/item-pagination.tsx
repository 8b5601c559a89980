import { itemListHref } from '@/components/items/item-list-href';
import { Pagination } from '@/components/ui/pagination';
import type { TItemFilters } from '@/lib/items/schemas';

type Props = { projectId: string; filters: TItemFilters; page: number; pageSize: number; total: number };

/** Previous/next links that keep the filters. */
export function ItemPagination({ projectId, filters, page, pageSize, total }: Props) {
  return <Pagination page={page} pageSize={pageSize} total={total} hrefFor={(p) => itemListHref(projectId, filters, p)} />;
}
