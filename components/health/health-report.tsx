import { ChartFigure } from '@/components/dashboard/chart-figure';
import { HealthChart, type HealthChartRow } from '@/components/health/health-chart';
import { healthTable } from '@/lib/health/render-health';
import type { HealthReport } from '@/lib/health/types';

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const span = (low: number | null, high: number | null) => (low === null || high === null ? '–' : `${pct(low)}–${pct(high)}`);
const count = (n: number) => n.toLocaleString('en');
const th = 'py-1.5 pr-3 font-medium';
const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/**
 * A dataset health report (issue 28): plain warnings first, then each baseline's accuracy beside
 * human agreement (chart and table), the learned baseline's weights and the models with and
 * without length control. Used by the snapshot view and the dashboard. `id` keeps ids unique.
 */
export function HealthReportView({ report, id }: { report: HealthReport; id: string }) {
  const table = healthTable(report);
  const rows: HealthChartRow[] = table
    .filter((r) => r.share !== null)
    .map((r) => ({ label: `${r.baseline} · ${r.on}`, share: r.share!, low: r.low, high: r.high, human: r.baseline.startsWith('Human') }));
  const p = report.pairs;
  return (
    <div className="flex flex-col gap-4" data-health={id}>
      <p className="text-sm text-slate-700">
        {count(p.rows)} rows: {count(p.compared)} compared, {count(p.ties)} ties (left out of every share), {count(p.train)} train /{' '}
        {count(p.validation)} validation. A baseline that predicts nearly as many pairs as labelers agree on is a shortcut a reward model
        will learn.
      </p>
      {report.warnings.length > 0 ? (
        <ul aria-label="Dataset health warnings" className="flex flex-col gap-1.5">
          {report.warnings.map((w, i) => (
            <li key={i} className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-warning={w.code}>
              {sentence(w.message)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-emerald-800">No warnings: no shortcut above the thresholds.</p>
      )}
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <ChartFigure
          id={`${id}-chart`}
          title="Baselines beside human agreement"
          description="95% intervals (Wilson; the learned baseline: bootstrap over validation items). Dotted: chance; dashed amber: human agreement."
          table={{
            caption: 'Dataset health baselines',
            columns: ['Baseline', 'On', 'Share', '95% interval', 'Pairs'],
            rows: table.map((r) => [r.baseline, r.on, pct(r.share), span(r.low, r.high), count(r.n)]),
          }}
        >
          <HealthChart rows={rows} human={report.agreement.human.share} />
        </ChartFigure>
        <table className="w-full self-start text-left text-sm">
          <caption className="mb-2 text-left text-sm font-semibold text-slate-800">Baselines</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className={th}>
                Baseline
              </th>
              <th scope="col" className={th}>
                On
              </th>
              <th scope="col" className={`${th} text-right`}>
                Share
              </th>
              <th scope="col" className={th}>
                95% interval
              </th>
              <th scope="col" className={`${th} text-right`}>
                Pairs
              </th>
            </tr>
          </thead>
          <tbody>
            {table.map((r, i) => (
              <tr key={i} className="border-t border-slate-100">
                <th scope="row" className="py-1.5 pr-3 font-normal">
                  {r.baseline}
                </th>
                <td className="py-1.5 pr-3 text-slate-600">{r.on}</td>
                <td className="py-1.5 pr-3 text-right font-mono">{pct(r.share)}</td>
                <td className="py-1.5 pr-3 font-mono text-xs">{span(r.low, r.high)}</td>
                <td className="py-1.5 pr-3 text-right font-mono">{count(r.n)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <table className="w-full self-start text-left text-sm">
          <caption className="mb-2 text-left text-sm font-semibold text-slate-800">
            Learned baseline weights
            <span className="block text-xs font-normal text-slate-600">
              {report.learned.note ??
                `Pairwise logistic regression fitted on ${count(report.learned.train.n)} train pairs; per one typical difference of the feature, positive: more of it wins.`}
            </span>
          </caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className={th}>
                Feature
              </th>
              <th scope="col" className={`${th} text-right`}>
                Weight
              </th>
            </tr>
          </thead>
          <tbody>
            {report.learned.weights.map((w) => (
              <tr key={w.feature} className="border-t border-slate-100">
                <th scope="row" className="py-1.5 pr-3 font-normal">
                  {w.label}
                </th>
                <td className="py-1.5 pr-3 text-right font-mono">{w.weight === null ? 'never differs' : w.weight.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.models.rows.length > 0 ? (
          <table className="w-full self-start text-left text-sm">
            <caption className="mb-2 text-left text-sm font-semibold text-slate-800">
              Models, with and without length control
              <span className="block text-xs font-normal text-slate-600">
                Bradley–Terry ratings (mean 1000) on {count(report.models.compared)} pairs between two models; controlled: with the length
                difference as a covariate (Chatbot Arena’s style control).
              </span>
            </caption>
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className={th}>
                  Model
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Pairs
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Win rate
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Rating
                </th>
                <th scope="col" className={`${th} text-right`}>
                  Length-controlled
                </th>
              </tr>
            </thead>
            <tbody>
              {report.models.rows.map((r) => (
                <tr key={r.model} className="border-t border-slate-100">
                  <th scope="row" className="py-1.5 pr-3 font-normal">
                    {r.model}
                  </th>
                  <td className="py-1.5 pr-3 text-right font-mono">{count(r.games)}</td>
                  <td className="py-1.5 pr-3 text-right font-mono">{pct(r.win_rate)}</td>
                  <td className="py-1.5 pr-3 text-right font-mono">{Math.round(r.rating)}</td>
                  <td className="py-1.5 pr-3 text-right font-mono">{Math.round(r.rating_length_controlled)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
    </div>
  );
}
