import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { Card } from '@/components/ui/card';
import { findAuditEvents } from '@/lib/audit/find-audit-events';
import { ZAuditFilters, type TAuditFilters } from '@/lib/audit/schemas';
import { requireRole } from '@/lib/auth/session';
import { findProjects } from '@/lib/projects/find-projects';

export const metadata: Metadata = { title: 'Audit log' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  const user = await requireRole('LEAD');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ZAuditFilters.safeParse(raw);
  const filters: TAuditFilters = parsed.success ? parsed.data : {};
  const error = parsed.success
    ? null
    : `${String(parsed.error.issues[0]!.path[0])}: ${parsed.error.issues[0]!.message}. Showing every row.`;
  const [{ rows, next }, projects] = await Promise.all([findAuditEvents({ viewer: user, filters }), findProjects({ user })]);
  const query = (extra: Record<string, string>) => {
    const { before: _before, ...kept } = filters;
    const params = new URLSearchParams(
      Object.entries({ ...kept, ...extra }).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    return params.toString();
  };
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600">
          Who did what and when, newest first. {user.role === 'ADMIN' ? 'Every row.' : 'The rows of your projects.'} Rows are written with
          the action they record and are never changed.
        </p>
      </div>
      <AuditFilters filters={filters} projects={projects.map((p) => ({ id: p.id, name: p.name }))} error={error} />
      <Card
        title="Events"
        actions={
          <span className="flex gap-3 text-sm">
            <a href={`/audit/export?${query({ format: 'csv' })}`} className="font-medium text-indigo-700 underline" download>
              Download CSV
            </a>
            <a href={`/audit/export?${query({ format: 'jsonl' })}`} className="font-medium text-indigo-700 underline" download>
              Download JSON lines
            </a>
          </span>
        }
      >
        <AuditTable rows={rows} />
        <nav aria-label="Audit log pages" className="mt-3 flex gap-4 text-sm">
          {filters.before ? (
            <Link href={`/audit?${query({})}`} className="text-indigo-700 underline">
              Newest
            </Link>
          ) : null}
          {next ? (
            <Link href={`/audit?${query({ before: next })}`} className="text-indigo-700 underline">
              Older
            </Link>
          ) : null}
        </nav>
      </Card>
    </div>
  );
}
