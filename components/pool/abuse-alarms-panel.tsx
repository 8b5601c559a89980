import Link from 'next/link';
import { formatCount, formatP, formatPercent } from '@/components/dashboard/format';
import { LabelerActions } from '@/components/dashboard/labeler-actions';
import { formatDuration } from '@/components/my-work/format-duration';
import { BURST, COLLUSION, COLLUSION_GROUP, SPEED } from '@/lib/dashboard/abuse-alarms';
import type { AbuseAlarms } from '@/lib/dashboard/find-abuse-alarms';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Props = { projectId: string; alarms: AbuseAlarms; actions: { setPaused: Action; setExcluded: Action } | null };

const th = 'py-2 pr-3 text-left align-bottom font-medium';
const td = 'py-2 pr-3 align-top';

/** The coordinated / careless feedback alarms, each with its test, a link to its evidence and the pause / exclude actions. */
export function AbuseAlarmsPanel({ projectId, alarms, actions }: Props) {
  const base = `/projects/${projectId}/dashboard/pool/evidence`;
  const name = (userId: string) => alarms.members[userId]?.name ?? 'Former member';
  const Actions = ({ userId }: { userId: string }) => {
    const m = alarms.members[userId];
    if (!actions || !m) return null;
    // Named beside its buttons (issue 18): a pair or group row has one set of buttons per member.
    return (
      <div className="flex items-start justify-end gap-2" data-testid="alarm-actions">
        <span className="pt-1 text-xs font-medium text-slate-800">
          {m.name}
          {m.excluded ? (
            <span className="font-normal text-slate-600"> (excluded)</span>
          ) : m.paused ? (
            <span className="font-normal text-slate-600"> (paused)</span>
          ) : null}
        </span>
        <LabelerActions
          projectId={projectId}
          userId={userId}
          name={m.name}
          paused={m.paused}
          excluded={m.excluded}
          setPaused={actions.setPaused}
          setExcluded={actions.setExcluded}
        />
      </div>
    );
  };
  const none = alarms.collusion.alarms.length + alarms.collusionGroups.alarms.length + alarms.speed.length + alarms.bursts.length === 0;
  return (
    <div className="flex flex-col gap-5">
      {none ? <p className="text-sm text-slate-700">No alarm: no pair, group, speed or burst test is past its threshold.</p> : null}
      <section aria-labelledby="alarm-collusion">
        <h3 id="alarm-collusion" className="text-sm font-semibold text-slate-900">
          Collusion ({alarms.collusion.alarms.length})
        </h3>
        <p className="mb-2 text-xs text-slate-600">
          Pairs with ≥ {COLLUSION.minSharedItems} shared items whose agreement with each other is far above their agreement with everyone
          else: one-sided exact binomial test, each shared item weighed as one observation, alarm at p &lt; {COLLUSION.alpha} /{' '}
          {formatCount(alarms.collusion.tested)} pairs tested (Bonferroni) and at least {COLLUSION.minLift * 100} points above. Two honest
          labelers who share a view few others hold can pass it too: check the evidence before acting. Copying looks different from a shared
          taste: many identical judgments (same order and the same Likert score for every response) and submissions close in time.
        </p>
        {alarms.collusion.alarms.length ? (
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Pair</th>
                <th className={th}>Shared items</th>
                <th className={th}>With each other</th>
                <th className={th}>With others</th>
                <th className={th}>Identical judgments</th>
                <th className={th}>Time apart (median)</th>
                <th className={th}>p</th>
                <th className={th}>Actions</th>
              </tr>
            </thead>
            <tbody>
              {alarms.collusion.alarms.map((a) => (
                <tr key={`${a.userA}-${a.userB}`} className="border-t border-slate-100">
                  <td className={td}>
                    {name(a.userA)} &amp; {name(a.userB)}
                    <Link
                      href={`${base}?kind=collusion&a=${a.userA}&b=${a.userB}`}
                      className="block text-xs text-indigo-700 hover:underline"
                    >
                      Evidence: shared items
                    </Link>
                  </td>
                  <td className={td}>{formatCount(a.sharedItems)}</td>
                  <td className={td}>{formatPercent(a.rate)}</td>
                  <td className={td}>{formatPercent(a.othersRate)}</td>
                  <td className={td}>
                    {formatCount(a.identicalItems)} of {formatCount(a.sharedItems)}
                  </td>
                  <td className={td}>{formatDuration(a.medianGapMs)}</td>
                  <td className={td}>{formatP(a.p)}</td>
                  <td className={`${td} flex flex-col gap-1`}>
                    <Actions userId={a.userA} />
                    <Actions userId={a.userB} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="alarm-collusion-groups">
        <h3 id="alarm-collusion-groups" className="text-sm font-semibold text-slate-900">
          Collusion in groups ({alarms.collusionGroups.alarms.length})
        </h3>
        <p className="mb-2 text-xs text-slate-600">
          Groups of {COLLUSION_GROUP.minMembers} or more whose pairs may each share too few items for the pair test. The items are split in
          two halves by their id: groups are found on one half (linked pairs agreeing at least {COLLUSION_GROUP.minLift * 100} points more
          than with others) and tested on the other, so the test is not fooled by the search. Each member must agree with the others at
          least {COLLUSION_GROUP.minLift * 100} points more than with outsiders; the group&apos;s pooled agreement is tested against its
          members&apos; agreement with outsiders (one-sided exact binomial, each pair and item one observation, at least{' '}
          {COLLUSION_GROUP.minPairItems}), alarm at p &lt; {COLLUSION_GROUP.alpha} / {formatCount(alarms.collusionGroups.tested)} groups
          tested.
        </p>
        {alarms.collusionGroups.alarms.length ? (
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Group</th>
                <th className={th}>Pair-items (test half)</th>
                <th className={th}>Within the group</th>
                <th className={th}>With outsiders</th>
                <th className={th}>p</th>
                <th className={th}>Actions</th>
              </tr>
            </thead>
            <tbody>
              {alarms.collusionGroups.alarms.map((g) => (
                <tr key={g.members.join('-')} className="border-t border-slate-100">
                  <td className={td}>
                    {g.members.map(name).join(', ')}
                    <Link
                      href={`${base}?kind=group&members=${g.members.join(',')}`}
                      className="block text-xs text-indigo-700 hover:underline"
                    >
                      Evidence: pairs in the group
                    </Link>
                  </td>
                  <td className={td}>{formatCount(g.pairItems)}</td>
                  <td className={td}>{formatPercent(g.rate)}</td>
                  <td className={td}>{formatPercent(g.othersRate)}</td>
                  <td className={td}>{formatP(g.p)}</td>
                  <td className={`${td} flex flex-col gap-1`}>
                    {g.members.map((m) => (
                      <Actions key={m} userId={m} />
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="alarm-speed">
        <h3 id="alarm-speed" className="text-sm font-semibold text-slate-900">
          Too fast ({alarms.speed.length})
        </h3>
        <p className="mb-2 text-xs text-slate-600">
          Rankings faster than the floor ({alarms.speedFloorSeconds} s, or {SPEED.msPerChar} ms per character of the responses if higher):
          sign test, alarm when, with ≥ {SPEED.minJudgments} rankings, significantly more than half are under it (one-sided exact binomial,
          p &lt; {SPEED.alpha}).
        </p>
        {alarms.speed.length ? (
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Labeler</th>
                <th className={th}>Under the floor</th>
                <th className={th}>Median time</th>
                <th className={th}>p</th>
                <th className={th}>Actions</th>
              </tr>
            </thead>
            <tbody>
              {alarms.speed.map((a) => (
                <tr key={a.userId} className="border-t border-slate-100">
                  <td className={td}>
                    {name(a.userId)}
                    <Link href={`${base}?kind=speed&user=${a.userId}`} className="block text-xs text-indigo-700 hover:underline">
                      Evidence: times
                    </Link>
                  </td>
                  <td className={td}>
                    {formatCount(a.below)} of {formatCount(a.judgments)}
                  </td>
                  <td className={td}>{formatDuration(a.medianMs)}</td>
                  <td className={td}>{formatP(a.p)}</td>
                  <td className={td}>
                    <Actions userId={a.userId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section aria-labelledby="alarm-bursts">
        <h3 id="alarm-bursts" className="text-sm font-semibold text-slate-900">
          Bursts of identical submissions ({alarms.bursts.length})
        </h3>
        <p className="mb-2 text-xs text-slate-600">
          Runs of ≥ {BURST.minRun} consecutive submissions with the same ranking by shown position and the same Likert scores. The display
          order is shuffled every time, so an honest repeat has chance at most 1 / (orders of its tie pattern); alarm when a run&apos;s
          chance times the labeler&apos;s submissions is below {BURST.alpha}.
        </p>
        {alarms.bursts.length ? (
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Labeler</th>
                <th className={th}>Longest run</th>
                <th className={th}>Pattern (shown positions)</th>
                <th className={th}>Actions</th>
              </tr>
            </thead>
            <tbody>
              {alarms.bursts.map((a) => (
                <tr key={a.userId} className="border-t border-slate-100">
                  <td className={td}>
                    {name(a.userId)}
                    <Link href={`${base}?kind=burst&user=${a.userId}`} className="block text-xs text-indigo-700 hover:underline">
                      Evidence: identical submissions
                    </Link>
                  </td>
                  <td className={td}>
                    {formatCount(a.runs[0]!.length)} of {formatCount(a.judgments)}
                  </td>
                  <td className={`${td} font-mono text-xs`}>{a.runs[0]!.pattern}</td>
                  <td className={td}>
                    <Actions userId={a.userId} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {alarms.truncated ? <p className="text-xs text-slate-600">Only the newest 200,000 judgments are tested.</p> : null}
    </div>
  );
}
