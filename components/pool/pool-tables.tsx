import { ItemName } from '@/components/items/item-name';
import type { MemberProfile } from '@/lib/pool/find-member-profiles';
import type { StarvingItem } from '@/lib/pool/find-starving-items';
import { PROFICIENCY_LABEL } from '@/lib/pool/schemas';

const th = 'py-2 pr-3 text-left align-bottom font-medium';
const td = 'py-2 pr-3 align-top';

/** Routed items that fewer qualified labelers can still take than slots remain. */
export function StarvingItems({ projectId, starving }: { projectId: string; starving: { total: number; items: StarvingItem[] } }) {
  if (starving.total === 0) return <p className="text-sm text-slate-700">No routed item is short of qualified labelers.</p>;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-slate-700">
        {starving.total} routed {starving.total === 1 ? 'item has' : 'items have'} fewer qualified labelers left than open slots. Invite or
        ask labelers with the skill, or relax the requirement.
      </p>
      <table className="w-full text-sm">
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className={th}>Item</th>
            <th className={th}>Requires</th>
            <th className={th}>Open slots</th>
            <th className={th}>Qualified left</th>
          </tr>
        </thead>
        <tbody>
          {starving.items.map((s) => (
            <tr key={s.itemId} className="border-t border-slate-100">
              <td className={td}>
                <ItemName href={`/projects/${projectId}/items/${s.itemId}`} prompt={s.prompt} externalId={s.externalId} />
              </td>
              <td className={td}>{s.requirement}</td>
              <td className={`${td} tabular-nums`}>{s.remaining}</td>
              <td className={`${td} tabular-nums ${s.qualified === 0 ? 'font-semibold text-red-700' : ''}`}>
                {s.qualified === 0 ? 'none' : s.qualified}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The labelers' self-described profiles, for the project's leads. */
export function MemberProfilesTable({ fields, members }: { fields: { key: string; label: string }[]; members: MemberProfile[] }) {
  if (members.length === 0) return <p className="text-sm text-slate-700">No labelers in this project yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Labeler profiles</caption>
        <thead className="text-xs text-slate-500 uppercase">
          <tr>
            <th className={th}>Labeler</th>
            <th className={th}>Languages</th>
            <th className={th}>Region</th>
            <th className={th}>Expertise</th>
            {fields.map((f) => (
              <th key={f.key} className={th}>
                {f.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId} className="border-t border-slate-100">
              <th scope="row" className={`${td} text-left font-medium`}>
                {m.name}
              </th>
              <td className={td}>
                {m.languages.map((l) => `${l.language} (${PROFICIENCY_LABEL[l.proficiency].toLowerCase()})`).join(', ') || '—'}
              </td>
              <td className={td}>{m.region ?? '—'}</td>
              <td className={td}>{m.expertise.join(', ') || '—'}</td>
              {fields.map((f) => (
                <td key={f.key} className={td}>
                  {m.fields[f.key] ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
