import Link from 'next/link';
import { formatCount, formatInterval, formatPercent } from '@/components/dashboard/format';
import type { JudgeAgreement, AgreementFigure } from '@/lib/judge/compute-judge-agreement';
import { MT_BENCH_REFERENCE } from '@/lib/judge/compute-judge-agreement';
import type { JudgeRunSummary } from '@/lib/judge/get-judge-agreement';

const cell = 'py-2 pr-3 text-right whitespace-nowrap tabular-nums';
const head = 'py-2 pr-3 text-right font-medium';

function Figure({ figure }: { figure: AgreementFigure }) {
  return (
    <>
      {formatInterval(figure, 'percent')}
      <span className="block text-xs text-slate-500">
        {formatCount(figure.agree)} of {formatCount(figure.compared)} pairs
      </span>
    </>
  );
}

type Props = {
  projectId: string;
  run: JudgeRunSummary | null;
  agreement: JudgeAgreement;
  names: Record<string, string>;
  canStart: boolean;
};

/** Judge–human agreement beside human–human agreement on the same items, position consistency, and model scores from both (issue 25). */
export function JudgeAgreementPanel({ projectId, run, agreement, names, canStart }: Props) {
  const start = canStart ? (
    <Link href={`/projects/${projectId}/judge`} className="text-sm text-indigo-700 underline">
      Start a judge run →
    </Link>
  ) : null;
  if (!run) return <p className="text-sm text-slate-700">No AI judge run has labels yet. {start}</p>;
  const rows: { name: string; figures: JudgeAgreement['judgeVsConsensus'] }[] = [
    { name: 'AI judge vs the labelers’ consensus', figures: agreement.judgeVsConsensus },
    { name: 'AI judge vs each labeler', figures: agreement.judgeVsLabelers },
    { name: 'Labeler vs labeler (the same items)', figures: agreement.humanVsHuman },
  ];
  const c = agreement.positionConsistency;
  return (
    <div className="flex flex-col gap-5" data-stat="judge-agreement">
      <p className="text-sm text-slate-700">
        Run of {run.connectionName} ({run.model}), judge template version {run.templateVersion}: {formatCount(run.labels)} labels on{' '}
        {formatCount(agreement.items)} items with human labels. Judge labels never count toward consensus, item statistics or exports.{' '}
        {start}
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Pairwise agreement of the AI judge and of labelers</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                Who agrees
              </th>
              <th scope="col" className={head}>
                Ties excluded
              </th>
              <th scope="col" className={head}>
                Ties as disagreement
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} className="border-t border-slate-100 align-top">
                <th scope="row" className="py-2 pr-3 font-normal">
                  {r.name}
                </th>
                <td className={cell}>
                  <Figure figure={r.figures.tiesExcluded} />
                </td>
                <td className={cell}>
                  <Figure figure={r.figures.tiesAsDisagreement} />
                </td>
              </tr>
            ))}
            <tr className="border-t border-slate-100 align-top text-slate-600">
              <th scope="row" className="py-2 pr-3 font-normal">
                Published: MT-Bench, GPT-4 vs humans / humans vs humans
              </th>
              <td className={cell}>
                {formatPercent(MT_BENCH_REFERENCE.judgeVsHuman, 0)} / {formatPercent(MT_BENCH_REFERENCE.humanVsHuman, 0)}
              </td>
              <td className={cell}>—</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">
        Pairwise agreement over response pairs; intervals: 95% percentile bootstrap over items, {formatCount(agreement.bootstrap.resamples)}{' '}
        resamples, seed {agreement.bootstrap.seed}. Consensus: the labelers’ pairwise majority. Reference: {MT_BENCH_REFERENCE.source}.
      </p>
      <p className="text-sm" data-stat="position-consistency">
        <span className="font-medium">Position consistency:</span> the judge ordered {formatCount(c.consistent)} of {formatCount(c.pairs)}{' '}
        pairs the same way when the order was reversed: {formatInterval(c, 'percent')} (Wilson).
      </p>
      {agreement.perLabeler.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="py-1 text-left text-sm font-medium text-slate-800">The AI judge against each labeler</caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Labeler
                </th>
                <th scope="col" className={head}>
                  Items
                </th>
                <th scope="col" className={head}>
                  Ties excluded
                </th>
                <th scope="col" className={head}>
                  Ties as disagreement
                </th>
              </tr>
            </thead>
            <tbody>
              {agreement.perLabeler.map((l) => (
                <tr key={l.userId} className="border-t border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    {names[l.userId] ?? 'Labeler'}
                  </th>
                  <td className={cell}>{formatCount(l.items)}</td>
                  <td className={cell}>
                    {formatPercent(l.tiesExcluded.compared ? l.tiesExcluded.agree / l.tiesExcluded.compared : Number.NaN)}
                  </td>
                  <td className={cell}>
                    {formatPercent(l.tiesAsDisagreement.compared ? l.tiesAsDisagreement.agree / l.tiesAsDisagreement.compared : Number.NaN)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {agreement.modelScores.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="py-1 text-left text-sm font-medium text-slate-800">
              Model scores (Bradley–Terry, Elo-like scale) on these items: from the labelers and from the AI judge (both orders)
            </caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Model
                </th>
                <th scope="col" className={head}>
                  Labelers
                </th>
                <th scope="col" className={head}>
                  AI judge
                </th>
              </tr>
            </thead>
            <tbody>
              {agreement.modelScores.map((m) => (
                <tr key={m.model} className="border-t border-slate-100">
                  <th scope="row" className="py-2 pr-3 font-normal">
                    {m.model}
                  </th>
                  <td className={cell}>{m.human === null ? '—' : Math.round(m.human)}</td>
                  <td className={cell}>{m.judge === null ? '—' : Math.round(m.judge)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
