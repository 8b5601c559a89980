import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { TItemFilters } from '@/lib/items/schemas';

type Props = { projectId: string; filters: TItemFilters; modelIds: string[] };

const labelClass = 'text-sm font-medium text-slate-800';

/** A plain GET form: filtering works without JavaScript, and every filtered view has its own address. */
export function ItemFilters({ projectId, filters, modelIds }: Props) {
  // A model named in the address but absent from the project still shows as selected.
  const models = filters.model && !modelIds.includes(filters.model) ? [...modelIds, filters.model] : modelIds;
  return (
    <form
      method="get"
      action={`/projects/${projectId}/items`}
      role="search"
      aria-label="Filter items"
      className="flex flex-wrap items-end gap-3"
    >
      <div className="flex min-w-56 flex-1 flex-col gap-1">
        <label htmlFor="items-q" className={labelClass}>
          Search prompts
        </label>
        <input id="items-q" name="q" type="search" defaultValue={filters.q ?? ''} maxLength={200} className={inputClass} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="items-status" className={labelClass}>
          Status
        </label>
        <select id="items-status" name="status" defaultValue={filters.status ?? ''} className={inputClass}>
          <option value="">Any</option>
          <option value="complete">Complete</option>
          <option value="in-progress">In progress</option>
          <option value="untouched">Untouched</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="items-labels" className={labelClass}>
          Labels
        </label>
        <select id="items-labels" name="labels" defaultValue={filters.labels ?? ''} className={inputClass}>
          <option value="">Any</option>
          <option value="with">With labels</option>
          <option value="without">Without labels</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="items-model" className={labelClass}>
          Model
        </label>
        <select id="items-model" name="model" defaultValue={filters.model ?? ''} className={inputClass}>
          <option value="">Any</option>
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 py-2 text-sm font-medium text-slate-800">
        <input type="checkbox" name="gold" value="1" defaultChecked={filters.gold} className="h-4 w-4" />
        Gold only
      </label>
      <div className="flex items-center gap-3 py-0.5">
        <Button type="submit">Apply</Button>
        <Link href={`/projects/${projectId}/items`} className="text-sm text-slate-600 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
