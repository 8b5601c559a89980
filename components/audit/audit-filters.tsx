import { inputClass } from '@/components/ui/field';
import type { TAuditFilters } from '@/lib/audit/schemas';

type Props = { filters: TAuditFilters; projects: { id: string; name: string }[]; error: string | null };

/** The audit log's filters as a plain GET form: the address is the query, so a filtered view can be shared. */
export function AuditFilters({ filters, projects, error }: Props) {
  const field = (name: keyof TAuditFilters, label: string, placeholder: string, type = 'text') => (
    <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
      {label}
      <input name={name} type={type} defaultValue={filters[name] ?? ''} placeholder={placeholder} className={inputClass} />
    </label>
  );
  return (
    <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Audit log filters">
      {field('actor', 'Actor (email)', 'lead@example.com')}
      {field('action', 'Action starts with', 'project.member')}
      <label className="flex flex-col gap-1 text-sm font-medium text-slate-800">
        Project
        <select name="project" defaultValue={filters.project ?? ''} className={inputClass}>
          <option value="">Any</option>
          {projects.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      {field('from', 'From (UTC)', '', 'date')}
      {field('to', 'To (UTC)', '', 'date')}
      {field('targetType', 'Target type', 'user')}
      {field('targetId', 'Target id', '')}
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50">
        Filter
      </button>
      {error ? (
        <p role="status" className="w-full text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
