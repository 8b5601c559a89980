import type { TItemFilters } from '@/lib/items/schemas';

/** The item list's address for these filters and page; the inverse of ZItemListQuery. */
export function itemListHref(projectId: string, filters: TItemFilters, page = 1): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.gold) params.set('gold', '1');
  if (filters.labels) params.set('labels', filters.labels);
  if (filters.model) params.set('model', filters.model);
  if (filters.status) params.set('status', filters.status);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/projects/${projectId}/items${query ? `?${query}` : ''}`;
}
