import { formatCount, formatPercent } from '@/components/dashboard/format';
import type { ModelScores } from '@/lib/dashboard/types';

/** Red below 50%, white at 50%, green above: a heat map that still reads in greyscale thanks to the numbers. */
function cellColour(rate: number): string {
  const strength = Math.min(1, Math.abs(rate - 0.5) * 2);
  const hue = rate >= 0.5 ? 152 : 0;
  return `hsl(${hue} 70% ${97 - 30 * strength}%)`;
}

/** Share of games the row model won against the column model, ties half; the number of games on hover and for screen readers. */
export function WinRateMatrix({ matrix }: { matrix: ModelScores['winMatrix'] }) {
  return (
    <div className="overflow-x-auto">
      <table className="text-sm">
        <caption className="mb-2 text-left text-sm font-semibold whitespace-nowrap text-slate-800">
          Win rate of the row model against the column model (ties count half)
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
                if (rate === null) return <td key={column} className="border border-white px-2 py-1 text-center text-slate-400">never met</td>;
                return (
                  <td key={column} className="border border-white px-3 py-1 text-center tabular-nums text-slate-900" style={{ backgroundColor: cellColour(rate) }} title={`${row} vs ${column}: ${formatPercent(rate)} of ${formatCount(games)} games`}>
                    {formatPercent(rate, 0)}
                    <span className="sr-only"> of {formatCount(games)} games</span>
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
