import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { FigureFreshnessNote } from '@/components/dashboard/figure-freshness-note';
import { LabelerActions } from '@/components/dashboard/labeler-actions';
import { formatDuration } from '@/components/my-work/format-duration';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { findAbuseAlarms } from '@/lib/dashboard/find-abuse-alarms';
import { setMemberExcludedAction, setMemberPausedAction } from '../../actions';

export const metadata: Metadata = { title: 'Alarm evidence' };

const ZEvidence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('collusion'), a: z.uuid(), b: z.uuid() }),
  z.object({
    kind: z.literal('group'),
    members: z
      .string()
      .max(4000)
      .transform((v) => v.split(','))
      .pipe(z.array(z.uuid()).min(3).max(100)),
  }),
  z.object({ kind: z.literal('speed'), user: z.uuid() }),
  z.object({ kind: z.literal('burst'), user: z.uuid() }),
]);

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const th = 'py-2 pr-3 text-left align-bottom font-medium';
const td = 'py-2 pr-3 align-top tabular-nums';
const when = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/** The evidence behind one abuse alarm (issue 10): shared items, times or identical submissions, with pause / exclude. */
export default async function EvidencePage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const parsed = ZEvidence.safeParse(await searchParams);
  if (!parsed.success)
    return (
      <div className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Alarm evidence</h1>
        <p className="text-sm text-slate-700">
          Open an alarm on the{' '}
          <Link href={`/projects/${project.id}/dashboard#abuse`} className="text-indigo-700 underline">
            dashboard
          </Link>{' '}
          to see its evidence.
        </p>
      </div>
    );
  const query = parsed.data;
  // Computed off the request path by the stats refresh job (queued by the read when behind).
  const { alarms, freshness } = await findAbuseAlarms({ projectId: project.id });
  const now = Date.now();
  if (!alarms)
    return (
      <div className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Alarm evidence</h1>
        <FigureFreshnessNote freshness={freshness} now={now} what="alarms" />
      </div>
    );
  const canManage = user.role === 'LEAD' || user.role === 'ADMIN';
  const people = query.kind === 'collusion' ? [query.a, query.b] : query.kind === 'group' ? query.members : [query.user];
  if (people.some((id) => !alarms.members[id])) notFound();
  const item = (itemId: string) => (
    <Link href={`/projects/${project.id}/dashboard/items/${itemId}`} className="font-mono text-indigo-700 hover:underline">
      {itemId.slice(0, 8)}
    </Link>
  );

  let body: ReactNode = (
    <p className="text-sm text-slate-700">This alarm is not raised (any more): the test is no longer past its threshold.</p>
  );
  let title = '';
  if (query.kind === 'collusion') {
    title = `Collusion: ${alarms.members[query.a]!.name} & ${alarms.members[query.b]!.name}`;
    const pair = alarms.collusion.alarms.find(
      (a) => (a.userA === query.a && a.userB === query.b) || (a.userA === query.b && a.userB === query.a),
    );
    if (pair)
      body = (
        <>
          <p className="text-sm text-slate-700">
            On {pair.sharedItems} shared items they ordered {pair.agree} of {pair.compared} response pairs alike (
            {(pair.rate * 100).toFixed(1)}%), against {(pair.othersRate * 100).toFixed(1)}% with everyone else; p ={' '}
            {pair.p.toExponential(2)} (threshold {pair.threshold.toExponential(2)}). {pair.identicalItems} of {pair.sharedItems} judged
            identically (same order, same Likert scores); median time apart {formatDuration(pair.medianGapMs)}.
          </p>
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Shared item</th>
                <th className={th}>Pairs alike</th>
                <th className={th}>Identical judgment</th>
                <th className={th}>Time apart</th>
              </tr>
            </thead>
            <tbody>
              {pair.items.map((i) => (
                <tr key={i.itemId} className="border-t border-slate-100">
                  <td className="py-2 pr-3">{item(i.itemId)}</td>
                  <td className={td}>
                    {i.agree} of {i.compared}
                  </td>
                  <td className={td}>{i.identical ? 'yes' : 'no'}</td>
                  <td className={td}>{formatDuration(i.gapMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
  } else if (query.kind === 'group') {
    const wanted = [...query.members].sort().join(',');
    title = `Collusion in a group: ${query.members.map((id) => alarms.members[id]!.name).join(', ')}`;
    const group = alarms.collusionGroups.alarms.find((g) => g.members.join(',') === wanted);
    if (group)
      body = (
        <>
          <p className="text-sm text-slate-700">
            On the test half of the items, the members ordered {group.agree} of {group.compared} response pairs alike with each other (
            {(group.rate * 100).toFixed(1)}%, over {group.pairItems} pair-items), against {(group.othersRate * 100).toFixed(1)}% with
            labelers outside the group; p = {group.p.toExponential(2)} (threshold {group.threshold.toExponential(2)}). Each pair over all
            items:
          </p>
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Pair</th>
                <th className={th}>Shared items</th>
                <th className={th}>Pairs alike</th>
              </tr>
            </thead>
            <tbody>
              {group.pairs.map((p) => (
                <tr key={`${p.userA}-${p.userB}`} className="border-t border-slate-100">
                  <td className="py-2 pr-3">
                    {alarms.members[p.userA]?.name ?? 'Former member'} &amp; {alarms.members[p.userB]?.name ?? 'Former member'}
                  </td>
                  <td className={td}>{p.sharedItems}</td>
                  <td className={td}>{(p.rate * 100).toFixed(1)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
  } else if (query.kind === 'speed') {
    title = `Too fast: ${alarms.members[query.user]!.name}`;
    const speed = alarms.speed.find((a) => a.userId === query.user);
    if (speed)
      body = (
        <>
          <p className="text-sm text-slate-700">
            {speed.below} of {speed.judgments} rankings under their floor; median {formatDuration(speed.medianMs)}. The fastest{' '}
            {speed.fastest.length}:
          </p>
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Item</th>
                <th className={th}>Time</th>
                <th className={th}>Floor</th>
                <th className={th}>Submitted</th>
              </tr>
            </thead>
            <tbody>
              {speed.fastest.map((j) => (
                <tr key={j.judgmentId} className="border-t border-slate-100">
                  <td className="py-2 pr-3">{item(j.itemId)}</td>
                  <td className={td}>{formatDuration(j.durationMs)}</td>
                  <td className={td}>{formatDuration(j.floorMs)}</td>
                  <td className={td}>{when(j.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      );
  } else {
    title = `Identical submissions: ${alarms.members[query.user]!.name}`;
    const burst = alarms.bursts.find((a) => a.userId === query.user);
    if (burst)
      body = burst.runs.slice(0, 10).map((run, r) => (
        <section key={r} className="flex flex-col gap-1">
          <h3 className="text-sm font-semibold">
            Run of {run.length}: <span className="font-mono">{run.pattern}</span> (chance if honest ≤ {run.nullProbability.toExponential(1)}
            )
          </h3>
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {run.judgments.map((j) => (
              <li key={j.judgmentId}>
                {item(j.itemId)} <span className="text-xs text-slate-500">{when(j.createdAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      ));
  }
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}/dashboard#abuse`} className="text-sm text-indigo-700 hover:underline">
          ← Dashboard
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
      </div>
      {canManage ? (
        <Card title="Actions">
          <div className="flex flex-wrap gap-6">
            {people.map((id) => {
              const m = alarms.members[id]!;
              return (
                <div key={id} className="flex items-center gap-3 text-sm">
                  <span>{m.name}</span>
                  <LabelerActions
                    projectId={project.id}
                    userId={id}
                    name={m.name}
                    paused={m.paused}
                    excluded={m.excluded}
                    setPaused={setMemberPausedAction}
                    setExcluded={setMemberExcludedAction}
                  />
                </div>
              );
            })}
          </div>
        </Card>
      ) : null}
      <Card title="Evidence">
        <div className="flex flex-col gap-4">
          {body}
          <FigureFreshnessNote freshness={freshness} now={now} what="alarms" />
        </div>
      </Card>
    </div>
  );
}
