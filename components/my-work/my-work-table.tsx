import Link from 'next/link';
import { MY_QUALITY_MEASURES, MY_WORK_MEASURES } from '@/components/my-work/my-work-measures';
import type { MyQuality } from '@/lib/dashboard/types';
import type { MyWorkProjectStats } from '@/lib/judgments/find-my-work-by-project';

/**
 * The measures per project, one row each, then the labeler's own quality there; with `canLabel`, a
 * project's name leads to its task screen unless archived.
 */
export function MyWorkTable({ projects, canLabel }: { projects: (MyWorkProjectStats & { quality: MyQuality })[]; canLabel: boolean }) {
  const { minNewPairs, minNewTasks } = projects[0]?.quality ?? { minNewPairs: 0, minNewTasks: 0 };
  // Step gold (issue 27) only once some project has a figure for them: labelers of ranking projects never see the column.
  const hasStepGold = projects.some((p) => p.quality.stepGold);
  const qualityMeasures = MY_QUALITY_MEASURES.filter((m) => m.id !== 'step-gold' || hasStepGold);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pr-3">Project</th>
            {[...MY_WORK_MEASURES, ...qualityMeasures].map((m) => (
              <th key={m.id} className="py-2 pr-3 text-right">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.projectId} className="border-t border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal">
                {p.archived || !canLabel ? (
                  <>
                    {p.name}
                    {p.archived ? <span className="ml-1 text-xs text-slate-500">(archived)</span> : null}
                  </>
                ) : (
                  <Link href={`/label/${p.projectId}`} className="text-indigo-700 hover:underline">
                    {p.name}
                  </Link>
                )}
              </th>
              {MY_WORK_MEASURES.map((m) => (
                <td key={m.id} className="py-2 pr-3 text-right tabular-nums">
                  {m.value(p)}
                </td>
              ))}
              {qualityMeasures.map((m) => (
                <td key={m.id} className="py-2 pr-3 text-right tabular-nums">
                  {m.value(p.quality)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-500">
        Agreement: of the response pairs you ordered strictly, the share you ordered like the other labelers of the same items (their
        majority; ties left out). Gold accuracy: the share ordered like the reference ranking of gold or adjudicated items.
      </p>
      <p className="mt-1 text-xs text-slate-500" data-testid="my-quality-delay">
        These two figures are updated once a day (at midnight UTC) from the tasks you submitted before that day, and only after at least{' '}
        {minNewPairs} new pairs from {minNewTasks} new tasks: your latest tasks are never in them, so they do not tell you how any one task
        was judged. Your lead sees the exact figures.
      </p>
      {hasStepGold ? (
        <p className="mt-1 text-xs text-slate-500">
          Step gold: of the steps of solutions your lead labelled as a reference, the share you rated as the reference does (up to its first
          error when the project labels until the first error), from steps tasks you submitted before today (midnight UTC), shown once{' '}
          {minNewTasks} such solutions are in it.
        </p>
      ) : null}
    </div>
  );
}
