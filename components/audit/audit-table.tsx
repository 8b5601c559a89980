import type { AuditRow } from '@/lib/audit/find-audit-events';

const details = (data: unknown) => {
  const text = JSON.stringify(data ?? {});
  return text === '{}' ? '' : text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

/** Audit rows, newest first: when (UTC), who, what, in which project, on what. */
export function AuditTable({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No audit rows match.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Audit log</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pr-3">When (UTC)</th>
            <th className="py-2 pr-3">Actor</th>
            <th className="py-2 pr-3">Action</th>
            <th className="py-2 pr-3">Project</th>
            <th className="py-2 pr-3">Target</th>
            <th className="py-2">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-t border-slate-100 align-top">
              <td className="py-1.5 pr-3 font-mono text-xs whitespace-nowrap">
                {r.createdAt.toISOString().replace('T', ' ').slice(0, 19)}
              </td>
              <td className="py-1.5 pr-3">{r.actorEmail ?? (r.actorId ? '' : 'system')}</td>
              <td className="py-1.5 pr-3 font-mono text-xs">{r.action}</td>
              <td className="py-1.5 pr-3">{r.projectName ?? ''}</td>
              <td className="py-1.5 pr-3 font-mono text-xs">{r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : ''}</td>
              <td className="py-1.5 font-mono text-xs break-all text-slate-600">{details(r.data)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
