import { BootstrapNote } from '@/components/dashboard/bootstrap-note';
import { ChartFigure } from '@/components/dashboard/chart-figure';
import { formatCount, formatInterval, DASH } from '@/components/dashboard/format';
import { ModelRatingChart } from '@/components/dashboard/model-rating-chart';
import { WinRateMatrix } from '@/components/dashboard/win-rate-matrix';
import { MIN_MODEL_GAMES } from '@/lib/dashboard/model-games';
import type { ModelScores } from '@/lib/dashboard/types';

const th = 'py-2 pr-3 font-medium';

/** The Bradley–Terry leaderboard (chart and table) and the win-rate matrix. */
/** `now`: when the page was rendered, for the intervals' age. */
export function ModelPanel({ scores, now }: { scores: ModelScores; now?: number }) {
  if (scores.leaderboard.length === 0) {
    return (
      <p className="text-sm text-slate-700">No model has met another yet: scores need counted rankings of responses with model ids.</p>
    );
  }
  // Only models with enough games are rated and ranked (MIN_MODEL_GAMES); the others are listed as "too few comparisons".
  const rated = scores.leaderboard.filter((m) => m.games >= MIN_MODEL_GAMES);
  const rows = rated.map((m) => ({
    modelId: m.modelId,
    rating: m.rating.estimate,
    low: m.rating.low,
    high: m.rating.high,
    games: m.games,
  }));
  if (rated.length < 2) {
    return (
      <div className="flex flex-col gap-6">
        <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-800" data-testid="models-too-few">
          <p className="font-medium">Too few comparisons for a leaderboard yet.</p>
          <p>
            A model is rated once it has at least {MIN_MODEL_GAMES} games (counted pairwise comparisons with other models); so far:{' '}
            {scores.leaderboard.map((m) => `${m.modelId} ${formatCount(m.games)} ${m.games === 1 ? 'game' : 'games'}`).join(', ')}.
          </p>
        </div>
        <WinRateMatrix matrix={scores.winMatrix} />
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <ChartFigure
          id="model-ratings"
          title="Bradley–Terry ratings with 95% intervals"
          description="Ties count half a win; the dashed line is the geometric mean (1000)."
          table={{
            caption: 'Bradley–Terry ratings',
            columns: ['Model', 'Rating', '95% CI low', '95% CI high', 'Games'],
            rows: rows.map((r) => [
              r.modelId,
              Math.round(r.rating),
              Number.isFinite(r.low) ? Math.round(r.low) : DASH,
              Number.isFinite(r.high) ? Math.round(r.high) : DASH,
              formatCount(r.games),
            ]),
          }}
        >
          <ModelRatingChart rows={rows} />
        </ChartFigure>
        <table className="w-full self-start text-left text-sm">
          <caption className="mb-2 text-left text-sm font-semibold text-slate-800">Leaderboard</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className={`${th} text-right`}>
                #
              </th>
              <th scope="col" className={th}>
                Model
              </th>
              <th scope="col" className={`${th} text-right`}>
                Rating (95% CI)
              </th>
              <th scope="col" className={`${th} text-right`}>
                Games
              </th>
            </tr>
          </thead>
          <tbody>
            {scores.leaderboard.map((m) => {
              const rank = rated.indexOf(m);
              return (
                <tr key={m.modelId} className="border-t border-slate-100">
                  <td className="py-2 pr-3 text-right tabular-nums">{rank >= 0 ? rank + 1 : DASH}</td>
                  <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal break-all">
                    {m.modelId}
                  </th>
                  <td className="py-2 pr-3 text-right tabular-nums">
                    {rank >= 0 ? formatInterval(m.rating, 'rating') : <span className="text-xs text-slate-600">too few comparisons</span>}
                  </td>
                  <td className="py-2 pr-3 text-right tabular-nums">{formatCount(m.games)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <WinRateMatrix matrix={scores.winMatrix} />
      <BootstrapNote info={scores.bootstrap} freshness={scores.intervals} now={now} />
    </div>
  );
}
