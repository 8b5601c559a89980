import { AgreementOverTimeChart } from '@/components/dashboard/agreement-over-time-chart';
import { BootstrapNote } from '@/components/dashboard/bootstrap-note';
import { ChartFigure } from '@/components/dashboard/chart-figure';
import { binLabel, formatCoefficient, formatCount, formatInterval, formatPercent } from '@/components/dashboard/format';
import { KendallWChart } from '@/components/dashboard/kendall-w-chart';
import { StatTiles } from '@/components/dashboard/stat-tiles';
import type { AgreementSummary, Interval } from '@/lib/dashboard/types';

const th = 'py-2 pr-3 font-medium';

/** "95% CI 70.1% to 75.0%" under a tile, or why there is none. */
function intervalDetail(interval: Interval, kind: 'percent' | 'coefficient') {
  const one = kind === 'percent' ? formatPercent : formatCoefficient;
  if (!Number.isFinite(interval.estimate)) return 'not enough data yet';
  if (!Number.isFinite(interval.low)) return 'no interval';
  return `95% CI ${one(interval.low)} to ${one(interval.high)}`;
}

/** The project's agreement beside the published reference points, over time, and per flag. */
/** `now`: when the page was rendered, for the intervals' age. */
export function AgreementPanel({ agreement, now }: { agreement: AgreementSummary; now?: number }) {
  const { pairwise, pairwiseTiesAsDisagreement, likertAlpha, kendallW } = agreement;
  return (
    <div className="flex flex-col gap-6">
      <StatTiles
        stats={[
          {
            id: 'pairwise',
            label: 'Pairwise agreement (ties left out)',
            value: formatPercent(pairwise.estimate),
            detail: intervalDetail(pairwise, 'percent'),
          },
          {
            id: 'pairwise-ties',
            label: 'Pairwise agreement, a tie on one side counts as disagreement',
            value: formatPercent(pairwiseTiesAsDisagreement.estimate),
            detail: intervalDetail(pairwiseTiesAsDisagreement, 'percent'),
          },
          {
            id: 'likert-alpha',
            label: "Krippendorff's α (ordinal), Likert scores",
            value: formatCoefficient(likertAlpha.estimate),
            detail: intervalDetail(likertAlpha, 'coefficient'),
          },
          {
            id: 'kendall-w',
            label: `Kendall's W, mean over ${formatCount(kendallW.items)} items`,
            value: formatCoefficient(kendallW.mean.estimate),
            detail: intervalDetail(kendallW.mean, 'coefficient'),
          },
        ]}
      />
      {agreement.items === 0 ? (
        <p className="text-sm text-slate-700">No item has two counted judgments yet: agreement needs at least two labelers on an item.</p>
      ) : (
        <p className="text-sm text-slate-700">
          From {formatCount(agreement.items)} items with two or more counted judgments (excluded labelers and invalid items are left out).
        </p>
      )}

      <table className="w-full max-w-2xl text-left text-sm">
        <caption className="mb-2 text-left text-sm font-semibold text-slate-800">
          Pairwise agreement beside published labeler–labeler agreement
        </caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={th}>
              Source
            </th>
            <th scope="col" className={`${th} text-right`}>
              Agreement
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="border-t border-slate-100 font-medium">
            <th scope="row" className="py-2 pr-3 font-medium">
              This project
            </th>
            <td className="py-2 pr-3 text-right whitespace-nowrap tabular-nums">{formatInterval(pairwise, 'percent')}</td>
          </tr>
          {agreement.reference.map((r) => (
            <tr key={r.label} className="border-t border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal">
                {r.label}
              </th>
              <td className="py-2 pr-3 text-right whitespace-nowrap tabular-nums">
                {formatPercent(r.value)}
                {r.plusMinus !== null ? ` ± ${(r.plusMinus * 100).toFixed(1)}%` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="grid gap-6 lg:grid-cols-2">
        <ChartFigure
          id="agreement-over-time"
          title="Pairwise agreement per week"
          description="Dashed lines: the published reference points."
          table={{
            caption: 'Pairwise agreement per ISO week of the later judgment',
            columns: ['Week', 'Agreement', 'Pairs compared'],
            rows: agreement.overTime.map((w) => [w.week, formatPercent(w.rate), formatCount(w.compared)]),
          }}
        >
          {agreement.overTime.length > 0 ? (
            <AgreementOverTimeChart
              weeks={agreement.overTime}
              reference={agreement.reference.map((r) => ({ label: r.label, value: r.value }))}
            />
          ) : (
            <p className="text-sm text-slate-600">No comparable pairs yet.</p>
          )}
        </ChartFigure>
        <ChartFigure
          id="kendall-w"
          title="Kendall's W per item"
          description="1 = the labelers of an item gave the same order; 0 = no agreement."
          table={{
            caption: "Items per range of Kendall's W",
            columns: ['W', 'Items'],
            rows: kendallW.histogram.map((b) => [binLabel(b), b.items]),
          }}
        >
          <KendallWChart histogram={kendallW.histogram} />
        </ChartFigure>
      </div>

      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left text-sm font-semibold text-slate-800">Krippendorff&apos;s α (nominal) per response flag</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={th}>
              Flag
            </th>
            <th scope="col" className={`${th} text-right normal-case`}>
              α (95% CI)
            </th>
            <th scope="col" className={`${th} text-right`}>
              Items where someone set it
            </th>
          </tr>
        </thead>
        <tbody>
          {agreement.flagAlpha.map((f) => (
            <tr key={f.flag} className="border-t border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal">
                {f.label}
                {f.label !== f.flag ? <span className="ml-2 font-mono text-xs text-slate-500">{f.flag}</span> : null}
              </th>
              <td className="py-2 pr-3 text-right tabular-nums">
                {Number.isFinite(f.alpha.estimate) ? formatInterval(f.alpha, 'coefficient') : 'not enough data'}
              </td>
              <td className="py-2 pr-3 text-right tabular-nums">{formatCount(f.items)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <BootstrapNote info={agreement.bootstrap} freshness={agreement.intervals} now={now} />
    </div>
  );
}
