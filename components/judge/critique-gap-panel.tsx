import { formatCount, formatInterval } from '@/components/dashboard/format';
import type { GapRow, Proportion } from '@/lib/judge/compute-critique-gap';

const DIMENSIONS: Record<GapRow['dimension'], string> = {
  all: 'All',
  model: 'Model',
  templateVersion: 'Critique template version',
  category: 'Flaw category',
  severity: 'Severity',
};

const cell = 'py-2 pr-3 text-right whitespace-nowrap tabular-nums';

function Share({ p }: { p: Proportion }) {
  if (p.n === 0) return <>—</>;
  return (
    <>
      {formatInterval(p, 'percent')}
      <span className="block text-xs text-slate-500">
        {formatCount(p.successes)} of {formatCount(p.n)}
      </span>
    </>
  );
}

/**
 * The discriminator–critique gap (issue 25): how often the AI judge tells the flawed text from the
 * original, against how often critiques of the flawed text point to the planted flaw (as labelers
 * judged in the detect task, and as the judge judged), with Wilson and Newcombe intervals.
 */
export function CritiqueGapPanel({ rows }: { rows: GapRow[] }) {
  const all = rows.find((r) => r.dimension === 'all');
  if (!all || (all.discriminator.n === 0 && all.labelers.n === 0 && all.judge.n === 0))
    return (
      <p className="text-sm text-slate-700">
        No discriminator trial or critique check yet: start a discriminator run from the AI judge page, and run detect trials with
        critiques.
      </p>
    );
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-stat="critique-gap">
        <caption className="sr-only">Discriminator accuracy, critique hit rate and the gap</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium">
              Group
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Discriminator accuracy
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Critique hit rate (labelers)
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Critique hit rate (AI judge)
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium">
              Gap (labelers)
            </th>
            <th scope="col" className="py-2 text-right font-medium">
              Gap (AI judge)
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.dimension}:${r.value}`} className="border-t border-slate-100 align-top">
              <th scope="row" className="py-2 pr-3 font-normal">
                {r.dimension === 'all' ? 'All' : `${DIMENSIONS[r.dimension]}: ${r.value}`}
              </th>
              <td className={cell}>
                <Share p={r.discriminator} />
              </td>
              <td className={cell}>
                <Share p={r.labelers} />
              </td>
              <td className={cell}>
                <Share p={r.judge} />
              </td>
              <td className={cell}>{formatInterval(r.gapLabelers, 'percent')}</td>
              <td className={cell}>{formatInterval(r.gapJudge, 'percent')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">
        Accepted perturbations only. A labeler’s hit: a critique of the flawed text marked helpful in an assisted trial whose highlight
        found the planted flaw, or that quotes the planted passage. Proportions with Wilson 95% intervals; the gap (accuracy − hit rate)
        with Newcombe’s interval. The discriminator’s prompt is fixed, so every template-version row shows all its trials.
      </p>
    </div>
  );
}
