import { formatCount, formatPercent } from '@/components/dashboard/format';
import { MIN_MODEL_GAMES } from '@/lib/dashboard/model-games';
import type { ModelScores } from '@/lib/dashboard/types';

/** Red below 50%, white at 50%, green above: a heat map that still reads in greyscale thanks to the numbers. */
function cellColour(rate: number): string {
  const strength = Math.min(1, Math.abs(rate - 0.5) * 2);
  const hue = rate >= 0.5 ? 152 : 0;
  return `hsl(${hue} 70% ${97 - 30 * strength}%)`;
}

/** Share of games the row model won against the column model, ties half, with the number of games in every cell; uncoloured "too few" below MIN_MODEL_GAMES games. */
export function WinRateMatrix({ matrix }: { matrix: ModelScores['winMatrix'] }) {
  return (
    <div className="overflow-x-auto">
      <table className="text-sm">
        <caption className="mb-2 text-left text-sm font-semibold whitespace-nowrap text-slate-800">
          Win rate of the row model against the column model (ties count half), with the number of games
          <span className="block text-xs font-normal text-slate-600">
            Cells with fewer than {MIN_MODEL_GAMES} games say &ldquo;too few&rdquo; and are not coloured.
          </span>
        </caption>
        <thead>
          <tr>
            <td />
            {matrix.models.map((m) => (
              <th key={m} scope="col" className="max-w-32 px-2 py-1 align-bottom font-mono text-xs font-normal break-all text-slate-700">
                {m}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.models.map((row, i) => (
            <tr key={row}>
              <th scope="row" className="max-w-48 py-1 pr-3 text-left font-mono text-xs font-normal break-all text-slate-700">
                {row}
              </th>
              {matrix.models.map((column, j) => {
                const rate = matrix.rates[i]?.[j] ?? null;
                const games = matrix.games[i]?.[j] ?? 0;
                if (i === j) {
                  return (
                    <td key={column} className="border border-white bg-slate-100 px-2 py-1">
                      <span className="sr-only">same model</span>
                    </td>
                  );
                }
                if (rate === null)
                  return (
                    <td key={column} className="border border-white px-2 py-1 text-center text-slate-400">
                      never met
                    </td>
                  );
                if (games < MIN_MODEL_GAMES) {
                  return (
                    <td
                      key={column}
                      className="border border-white bg-slate-50 px-3 py-1 text-center text-xs text-slate-600"
                      data-testid="win-cell"
                      title={`${row} vs ${column}: ${formatPercent(rate)} of ${formatCount(games)} games, too few to read`}
                    >
                      too few
                      <span className="block tabular-nums">
                        {formatCount(games)} {games === 1 ? 'game' : 'games'}
                      </span>
                    </td>
                  );
                }
                return (
                  <td
                    key={column}
                    className="border border-white px-3 py-1 text-center tabular-nums text-slate-900"
                    data-testid="win-cell"
                    style={{ backgroundColor: cellColour(rate) }}
                    title={`${row} vs ${column}: ${formatPercent(rate)} of ${formatCount(games)} games`}
                  >
                    {formatPercent(rate, 0)}
                    <span className="block text-xs text-slate-700">{formatCount(games)} games</span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
