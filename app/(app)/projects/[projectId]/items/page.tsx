import type { Metadata } from 'next';
import Link from 'next/link';
import { ItemFilters } from '@/components/items/item-filters';
import { itemListHref } from '@/components/items/item-list-href';
import { ItemPagination } from '@/components/items/item-pagination';
import { ItemTable } from '@/components/items/item-table';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { findItems } from '@/lib/items/find-items';
import { findModelIds } from '@/lib/items/find-model-ids';
import { ZItemListQuery } from '@/lib/items/schemas';

export const metadata: Metadata = { title: 'Items' };

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ItemsPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const { page, ...filters } = ZItemListQuery.parse(await searchParams);
  const [list, modelIds] = await Promise.all([
    findItems({ projectId: project.id, filters, page }),
    findModelIds({ projectId: project.id }),
  ]);
  const filtered = Boolean(filters.q || filters.gold || filters.labels || filters.model || filters.status);
  const lastPage = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <p className="font-mono text-xs text-slate-500">{project.slug}</p>
        <h1 className="text-2xl font-semibold">Items of {project.name}</h1>
        <p className="text-sm text-slate-600" aria-live="polite">
          {list.moreThanTotal ? 'More than ' : ''}
          {list.total.toLocaleString('en')} {list.total === 1 && !list.moreThanTotal ? 'item' : 'items'}
          {filtered ? (list.total === 1 && !list.moreThanTotal ? ' matches these filters' : ' match these filters') : ''} · newest first ·
          complete at {project.overlap} labels
        </p>
        {list.moreThanTotal ? (
          <p className="text-xs text-slate-500">
            A search counts its matches up to {list.total.toLocaleString('en')}; the pages go on past it.
          </p>
        ) : null}
      </div>
      <Card>
        <ItemFilters projectId={project.id} filters={filters} modelIds={modelIds} />
      </Card>
      <Card>
        {list.rows.length > 0 ? (
          <div className="flex flex-col gap-4">
            <ItemTable projectId={project.id} rows={list.rows} />
            <ItemPagination
              projectId={project.id}
              filters={filters}
              page={list.page}
              pageSize={list.pageSize}
              total={list.total}
              moreThanTotal={list.moreThanTotal}
            />
          </div>
        ) : list.total > 0 ? (
          <p className="text-sm text-slate-700">
            There is no page {list.page}.{' '}
            <Link href={itemListHref(project.id, filters, lastPage)} className="font-medium text-indigo-700 hover:underline">
              Go to the last page ({lastPage})
            </Link>
          </p>
        ) : (
          <p className="text-sm text-slate-700">{filtered ? 'No items match these filters.' : 'This project has no items yet.'}</p>
        )}
      </Card>
    </div>
  );
}
