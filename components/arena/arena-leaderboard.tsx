import { ChartFigure } from '@/components/dashboard/chart-figure';
import { DASH, formatCount, formatInterval, formatPercent } from '@/components/dashboard/format';
import { ModelRatingChart } from '@/components/dashboard/model-rating-chart';
import type { ArenaLeaderboard as Leaderboard, ArenaLeaderboardRow } from '@/lib/arena/leaderboard';

const th = 'py-2 pr-3 font-medium';
const td = 'py-2 pr-3 text-right tabular-nums';
const FEATURE_LABEL = { length: 'Length (characters)', headers: 'Markdown headers', listItems: 'List items', bold: 'Bold spans' } as const;

const round = (v: number) => (Number.isFinite(v) ? Math.round(v) : DASH);
const chartRows = (rows: ArenaLeaderboardRow[]) =>
  rows.map((r) => ({ modelId: r.model, rating: r.score, low: r.low, high: r.high, games: r.votes }));
const interval = (r: ArenaLeaderboardRow) => formatInterval({ estimate: r.score, low: r.low, high: r.high }, 'rating');

function ScoreFigure({ id, title, description, rows }: { id: string; title: string; description: string; rows: ArenaLeaderboardRow[] }) {
  return (
    <ChartFigure
      id={id}
      title={title}
      description={description}
      table={{
        caption: title,
        columns: ['Rank', 'Model', 'Score', '95% CI low', '95% CI high', 'Votes'],
        rows: rows.map((r) => [r.rank, r.model, round(r.score), round(r.low), round(r.high), formatCount(r.votes)]),
      }}
    >
      <ModelRatingChart rows={chartRows(rows)} />
    </ChartFigure>
  );
}

/**
 * The arena leaderboard (issue 26) from lib/arena's arenaLeaderboard: raw and style-controlled
 * Bradley–Terry scores with their intervals, side by side as charts and in one table, the style
 * coefficients, votes per pair, the shares of ties and all-bad verdicts, and position bias per turn.
 * Props only; the page loads the votes and computes the result.
 */
export function ArenaLeaderboard({ leaderboard }: { leaderboard: Leaderboard }) {
  const { raw, styleControlled, pairs, outcomes, positionBias } = leaderboard;
  if (leaderboard.votes === 0 || raw.length === 0) {
    return <p className="text-sm text-slate-700">No arena votes yet: the leaderboard appears after the first battles are voted on.</p>;
  }
  const styleOf = new Map(styleControlled.rows.map((r) => [r.model, r]));
  return (
    <div className="flex flex-col gap-6" data-testid="arena-leaderboard">
      <div className="grid gap-6 lg:grid-cols-2">
        <ScoreFigure
          id="arena-raw"
          title="Arena scores (Bradley–Terry) with 95% intervals"
          description="Ties and all-bad verdicts count half a win; the dashed line is the geometric mean (1000)."
          rows={raw}
        />
        <ScoreFigure
          id="arena-style"
          title="Style-controlled scores with 95% intervals"
          description="The same fit with answer length and markdown counts as covariates: what remains once style is accounted for."
          rows={styleControlled.rows}
        />
      </div>
      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left text-sm font-semibold text-slate-800">
          Arena leaderboard ({formatCount(leaderboard.votes)} votes, {formatCount(leaderboard.bootstrap)} bootstrap resamples)
        </caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={`${th} text-right`}>
              Rank
            </th>
            <th scope="col" className={th}>
              Model
            </th>
            <th scope="col" className={`${th} text-right`}>
              Score (95% CI)
            </th>
            <th scope="col" className={`${th} text-right`}>
              Style-controlled rank
            </th>
            <th scope="col" className={`${th} text-right`}>
              Style-controlled score (95% CI)
            </th>
            <th scope="col" className={`${th} text-right`}>
              Votes
            </th>
          </tr>
        </thead>
        <tbody>
          {raw.map((r) => {
            const s = styleOf.get(r.model);
            return (
              <tr key={r.model} className="border-t border-slate-100">
                <td className={td}>{r.rank}</td>
                <th scope="row" className="py-2 pr-3 font-mono text-xs font-normal break-all">
                  {r.model}
                </th>
                <td className={td}>{interval(r)}</td>
                <td className={td}>{s ? s.rank : DASH}</td>
                <td className={td}>{s ? interval(s) : DASH}</td>
                <td className={td}>{formatCount(r.votes)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="text-xs text-slate-600">
        Rank is 1 + the number of models whose interval lies wholly above the model&rsquo;s own, as Chatbot Arena ranks.
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <table className="w-full self-start text-left text-sm">
          <caption className="mb-2 text-left text-sm font-semibold text-slate-800">Style coefficients</caption>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th scope="col" className={th}>
                Difference in
              </th>
              <th scope="col" className={`${th} text-right`}>
                Log-odds per SD (95% CI)
              </th>
            </tr>
          </thead>
          <tbody>
            {styleControlled.coefficients.map((c) => (
              <tr key={c.feature} className="border-t border-slate-100">
                <th scope="row" className="py-2 pr-3 font-normal">
                  {FEATURE_LABEL[c.feature]}
                </th>
                <td className={td}>{formatInterval(c, 'coefficient')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="w-full self-start text-left text-sm">
          <caption className="mb-2 text-left text-sm font-semibold text-slate-800">Verdicts</caption>
          <tbody>
            <tr className="border-t border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal">
                A side won
              </th>
              <td className={td}>{formatCount(outcomes.decisive)}</td>
            </tr>
            <tr className="border-t border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal">
                Tie
              </th>
              <td className={td}>
                {formatCount(outcomes.ties)} · {formatInterval(outcomes.tieShare, 'percent')}
              </td>
            </tr>
            <tr className="border-t border-slate-100">
              <th scope="row" className="py-2 pr-3 font-normal">
                All bad
              </th>
              <td className={td}>
                {formatCount(outcomes.bothBad)} · {formatInterval(outcomes.bothBadShare, 'percent')}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left text-sm font-semibold text-slate-800">
          Position bias per turn (decisive votes won by side A)
        </caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={`${th} text-right`}>
              Turn
            </th>
            <th scope="col" className={`${th} text-right`}>
              Decisive votes
            </th>
            <th scope="col" className={`${th} text-right`}>
              Won by side A (95% CI)
            </th>
            <th scope="col" className={`${th} text-right`}>
              Without bias
            </th>
          </tr>
        </thead>
        <tbody>
          {positionBias.map((p) => (
            <tr key={p.turn} className="border-t border-slate-100">
              <td className={td}>{p.turn}</td>
              <td className={td}>{formatCount(p.decisive)}</td>
              <td className={td}>{formatInterval(p.share, 'percent')}</td>
              <td className={td}>{formatPercent(p.expected)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left text-sm font-semibold text-slate-800">Votes per pair</caption>
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className={th}>
              Model A
            </th>
            <th scope="col" className={th}>
              Model B
            </th>
            <th scope="col" className={`${th} text-right`}>
              Votes
            </th>
            <th scope="col" className={`${th} text-right`}>
              A won
            </th>
            <th scope="col" className={`${th} text-right`}>
              B won
            </th>
            <th scope="col" className={`${th} text-right`}>
              Tie
            </th>
            <th scope="col" className={`${th} text-right`}>
              All bad
            </th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((p) => (
            <tr key={`${p.modelA}\u0000${p.modelB}`} className="border-t border-slate-100">
              <td className="py-2 pr-3 font-mono text-xs break-all">{p.modelA}</td>
              <td className="py-2 pr-3 font-mono text-xs break-all">{p.modelB}</td>
              <td className={td}>{formatCount(p.votes)}</td>
              <td className={td}>{formatCount(p.winsA)}</td>
              <td className={td}>{formatCount(p.winsB)}</td>
              <td className={td}>{formatCount(p.ties)}</td>
              <td className={td}>{formatCount(p.bothBad)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="text-xs text-slate-600">
        Votes with three or four sides count the winner over each other side. A positive style coefficient means labelers favour the side
        with more of that feature, whatever the model.
      </p>
    </div>
  );
}
