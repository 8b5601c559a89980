import type { FormState } from '@/lib/forms/form-state';
import type { StudyParticipantRow } from '@/lib/study/find-study-links';
import { MarkReturnedButton } from '@/components/study/mark-returned-button';

const STATUS: Record<string, string> = {
  ACTIVE: 'active',
  COMPLETED: 'completed',
  SCREENED_OUT: 'screened out',
  RETURNED: 'returned',
  TIMED_OUT: 'timed out',
};

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');

type Props = {
  projectId: string;
  linkName: string;
  participants: StudyParticipantRow[];
  markReturned: (state: FormState, data: FormData) => Promise<FormState>;
};

/** A link's participants by platform id (leads of the project only). */
export function StudyParticipantsTable({ projectId, linkName, participants, markReturned }: Props) {
  if (participants.length === 0) return <p className="text-sm text-slate-600">No participants yet.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label={`Participants of ${linkName}`}>
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2">Platform id</th>
          <th className="py-2">Status</th>
          <th className="py-2">Tasks done</th>
          <th className="py-2">Minutes</th>
          <th className="py-2">Started</th>
          <th className="py-2">Ended</th>
          <th className="py-2">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {participants.map((p) => (
          <tr key={p.id} className="border-t border-slate-100">
            <td className="py-2 font-mono text-xs" title={[p.studyId, p.sessionId].filter(Boolean).join(' · ')}>
              {p.platformPid}
            </td>
            <td className="py-2">{STATUS[p.status] ?? p.status}</td>
            <td className="py-2">{p.tasksDone}</td>
            <td className="py-2">{p.minutes}</td>
            <td className="py-2">{when(p.startedAt)}</td>
            <td className="py-2">{when(p.endedAt)}</td>
            <td className="py-2 text-right">
              {p.status === 'ACTIVE' ? (
                <MarkReturnedButton projectId={projectId} participantId={p.id} pid={p.platformPid} action={markReturned} />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
