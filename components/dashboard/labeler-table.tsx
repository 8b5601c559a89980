import type { ReactNode } from 'react';
import { formatCount, formatP, formatPercent, DASH } from '@/components/dashboard/format';
import { LabelerActions } from '@/components/dashboard/labeler-actions';
import { formatDuration } from '@/components/my-work/format-duration';
import { StepGoldCell } from '@/components/steps/step-gold-cell';
import type { LabelerAlarm, LabelerQualityRow, Share } from '@/lib/dashboard/types';
import type { FormState } from '@/lib/forms/form-state';

type Action = (state: FormState, data: FormData) => Promise<FormState>;
type Props = {
  projectId: string;
  rows: LabelerQualityRow[];
  /** The lead's pause and exclude actions; without them the table is read-only (researchers). */
  actions: { setPaused: Action; setExcluded: Action } | null;
  /** The project's gold rate (settings.goldRate), the target beside each labeler's achieved gold share. */
  goldRate?: number;
};

const ALARM_TEXT: Record<LabelerAlarm, string> = { low_agreement: 'Low agreement', position_bias: 'Position bias' };

function alarmP(row: LabelerQualityRow, alarm: LabelerAlarm) {
  return alarm === 'low_agreement' ? row.agreementP : row.positionBias.p;
}

const th = 'py-2 pr-3 align-bottom font-medium';

/** A rate over the counts behind it, on two lines: "80.4%" then "185 of 230 pairs". */
function ShareText({
  share,
  empty = 'no pairs yet',
  unit = 'pairs',
  children,
}: {
  share: Share;
  empty?: string;
  unit?: string;
  children?: ReactNode;
}) {
  if (share.compared === 0) return <span className="text-xs text-slate-500">{empty}</span>;
  return (
    <>
      <span className="block">{formatPercent(share.rate)}</span>
      <span className="block text-xs whitespace-nowrap text-slate-500">
        {formatCount(share.hits)} of {formatCount(share.compared)} {unit}
      </span>
      {children}
    </>
  );
}
const num = 'py-2 pr-3 text-right tabular-nums align-top';

/** One row per labeler: volume, speed, agreement with the others, gold, biases, alarms, state. */
export function LabelerTable({ projectId, rows, actions, goldRate }: Props) {
  if (rows.length === 0) return <p className="text-sm text-slate-700">No labelers in this project yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Labelers of this project with their quality measures and alarms</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={th}>
              Labeler
            </th>
            <th scope="col" className={`${th} text-right`}>
              Labels
            </th>
            <th scope="col" className={`${th} text-right`}>
              Median time
            </th>
            <th scope="col" className={`${th} text-right`}>
              Skip rate
            </th>
            <th
              scope="col"
              className={`${th} text-right`}
              title="Share of their strict pairs ordered like the consensus of the other labelers on the same items"
            >
              Agreement with others
            </th>
            <th scope="col" className={`${th} text-right`}>
              Gold accuracy
            </th>
            <th
              scope="col"
              className={`${th} text-right`}
              title="Share of their rankings that were on gold items, against the project's gold rate"
            >
              Gold share
              {goldRate === undefined ? null : <span className="block font-normal normal-case">target {formatPercent(goldRate)}</span>}
            </th>
            <th
              scope="col"
              className={`${th} text-right`}
              title="Steps rated as the gold steps items' labels say (95% interval); first error at gold's"
            >
              Step gold
            </th>
            <th scope="col" className={`${th} text-right`} title="How often the first-shown response wins its pairs (expected 50%)">
              First shown wins
            </th>
            <th scope="col" className={`${th} text-right`} title="How often the longer response wins a pair">
              Longer wins
            </th>
            <th scope="col" className={th}>
              Alarms
            </th>
            <th scope="col" className={th}>
              State
            </th>
            {actions ? (
              <th scope="col" className={`${th} text-right`}>
                Actions
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.userId} className={`border-t border-slate-100 ${row.alarms.length > 0 ? 'bg-red-50/60' : ''}`}>
              <th scope="row" className="py-2 pr-3 align-top font-normal">
                <span className="block font-medium text-slate-900">{row.name}</span>
                <span className="block text-xs break-all text-slate-500">{row.email}</span>
              </th>
              <td className={num}>{row.labels.toLocaleString('en')}</td>
              <td className={num}>{row.medianDurationMs === null ? DASH : formatDuration(row.medianDurationMs)}</td>
              <td className={num}>{formatPercent(row.skipRate)}</td>
              <td className={num}>
                <ShareText share={row.looAgreement} />
              </td>
              <td className={num}>
                {row.goldAccuracy ? <ShareText share={row.goldAccuracy} /> : <span className="text-xs text-slate-500">no gold yet</span>}
              </td>
              <td className={num} data-testid="gold-share">
                <ShareText share={row.goldShare} unit="rankings" empty="no rankings yet" />
              </td>
              <td className={num}>
                <StepGoldCell score={row.stepGold} />
              </td>
              <td className={num}>
                <ShareText share={row.positionBias}>
                  <span className="block text-xs whitespace-nowrap text-slate-500">{formatP(row.positionBias.p)}</span>
                </ShareText>
              </td>
              <td className={num}>
                <ShareText share={row.lengthBias} />
              </td>
              <td className="py-2 pr-3 align-top">
                {row.alarms.length === 0 ? (
                  <span className="text-xs text-slate-500">none</span>
                ) : (
                  <ul className="flex flex-col gap-1">
                    {row.alarms.map((alarm) => (
                      <li
                        key={alarm}
                        className="inline-flex w-max items-center gap-1 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800"
                      >
                        <span aria-hidden="true">⚠</span>
                        {ALARM_TEXT[alarm]} alarm, {formatP(alarmP(row, alarm))}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="py-2 pr-3 align-top">
                <span className="flex flex-col gap-1 text-xs">
                  {!row.paused && !row.excluded ? <span className="text-slate-600">Active</span> : null}
                  {row.paused ? <span className="w-max rounded bg-amber-100 px-1.5 py-0.5 font-medium text-amber-800">Paused</span> : null}
                  {row.excluded ? (
                    <span className="w-max rounded bg-slate-200 px-1.5 py-0.5 font-medium text-slate-800">Excluded</span>
                  ) : null}
                </span>
              </td>
              {actions ? (
                <td className="py-2 align-top">
                  <LabelerActions
                    projectId={projectId}
                    userId={row.userId}
                    name={row.name}
                    paused={row.paused}
                    excluded={row.excluded}
                    setPaused={actions.setPaused}
                    setExcluded={actions.setExcluded}
                  />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-500">
        An alarm needs at least 30 pairs and p &lt; 0.01: agreement below the other labelers&apos; (one-sided binomial test, corrected for
        pairs of one judgment moving together), or the first-shown response winning more or less often than chance. Pausing stops new tasks
        and releases the labeler&apos;s open task; excluding leaves their labels out of statistics and exports. Both are recorded in the
        audit log.
      </p>
    </div>
  );
}
