import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { MY_QUALITY_MEASURES, MY_WORK_MEASURES } from '@/components/my-work/my-work-measures';
import { useMeasureWords } from '@/components/my-work/use-measure-words';
import type { MyQuality } from '@/lib/dashboard/types';
import type { MyWorkProjectStats } from '@/lib/judgments/find-my-work-by-project';

/**
 * The measures per project, one row each, then the labeler's own quality there; with `canLabel`, a
 * project's name leads to its task screen unless archived.
 */
export function MyWorkTable({ projects, canLabel }: { projects: (MyWorkProjectStats & { quality: MyQuality })[]; canLabel: boolean }) {
  const t = useTranslations('MyWork');
  const words = useMeasureWords();
  const { minNewPairs, minNewTasks } = projects[0]?.quality ?? { minNewPairs: 0, minNewTasks: 0 };
  // Step gold (issue 27) only once some project has a figure for them: labelers of ranking projects never see the column.
  const hasStepGold = projects.some((p) => p.quality.stepGold);
  const qualityMeasures = MY_QUALITY_MEASURES.filter((m) => m.id !== 'step-gold' || hasStepGold);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-start text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pe-3 text-start">{t('project')}</th>
            {[...MY_WORK_MEASURES, ...qualityMeasures].map((m) => (
              <th key={m.id} className="py-2 pe-3 text-end">
                {t(`measure.${m.id}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.projectId} className="border-t border-slate-100">
              <th scope="row" dir="auto" className="py-2 pe-3 text-start font-normal">
                {p.archived || !canLabel ? (
                  <>
                    {p.name}
                    {p.archived ? <span className="ms-1 text-xs text-slate-500">{t('archived')}</span> : null}
                  </>
                ) : (
                  <Link href={`/label/${p.projectId}`} className="text-indigo-700 hover:underline">
                    {p.name}
                  </Link>
                )}
              </th>
              {MY_WORK_MEASURES.map((m) => (
                <td key={m.id} className="py-2 pe-3 text-end tabular-nums">
                  {m.value(p, words)}
                </td>
              ))}
              {qualityMeasures.map((m) => (
                <td key={m.id} className="py-2 pe-3 text-end tabular-nums">
                  {m.value(p.quality, words)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-500">{t('agreementNote')}</p>
      <p className="mt-1 text-xs text-slate-500" data-testid="my-quality-delay">
        {t('delayNote', { pairs: minNewPairs, tasks: minNewTasks })}
      </p>
      {hasStepGold ? <p className="mt-1 text-xs text-slate-500">{t('stepGoldNote', { tasks: minNewTasks })}</p> : null}
    </div>
  );
}
