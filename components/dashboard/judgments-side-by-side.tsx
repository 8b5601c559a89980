import { placesOf, rankingText } from '@/components/dashboard/ranking-text';
import type { ItemJudgmentsView } from '@/lib/dashboard/types';
import { severityLabel } from '@/lib/taxonomy/severity';

/** The flagged stretch of a response, cut to this many characters. */
const QUOTE_CHARS = 80;

function quote(text: string, start: number, end: number): string {
  const span = Array.from(text.slice(start, end));
  return span.length > QUOTE_CHARS ? `${span.slice(0, QUOTE_CHARS - 1).join('')}…` : span.join('');
}

type Props = {
  view: ItemJudgmentsView;
  /** Response id → how the page names it ("1", "2", …). */
  names: Map<string, string>;
  /** Leads see each labeler's name on hover; others see pseudonyms only. */
  showNames: boolean;
  /** Flag key → its label in the project's taxonomy; a key missing here is shown as is. */
  flagLabels: Map<string, string>;
};

const cell = 'border-l border-slate-100 px-3 py-2 align-top';

/** Every judgment of the item in one table: a column per labeler, a row per response (place, Likert, flags, flaw notes). */
export function JudgmentsSideBySide({ view, names, showNames, flagLabels }: Props) {
  const nameOf = (id: string) => names.get(id) ?? '?';
  const places = view.judgments.map((j) => placesOf(j.ranking));
  const gold = view.goldRanking ? placesOf(view.goldRanking) : null;
  if (view.judgments.length === 0) return <p className="text-sm text-slate-700">Nobody has judged this item yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="mb-2 text-left text-sm text-slate-600">
          Place each labeler gave each response (1 = best, equal places tie), with Likert score (1–7), flags and flaw notes (quoted span,
          category, severity, comment).
        </caption>
        <thead className="text-xs text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-3 font-medium uppercase">
              Response
            </th>
            {view.judgments.map((j) => (
              <th key={j.judgmentId} scope="col" className={`${cell} font-medium`} title={showNames ? j.name : undefined}>
                <span className="block text-sm text-slate-900">{j.pseudonym}</span>
                {showNames ? <span className="sr-only"> ({j.name})</span> : null}
                <span className="block font-normal">{j.createdAt.slice(0, 10)}</span>
                {j.source === 'IMPORTED' ? <span className="block font-normal">imported</span> : null}
                {j.excluded ? (
                  <span className="mt-0.5 block w-max rounded bg-slate-200 px-1 font-normal text-slate-800">excluded</span>
                ) : null}
              </th>
            ))}
            {gold ? (
              <th scope="col" className={`${cell} font-medium text-amber-800`}>
                Gold
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {view.responses.map((r) => (
            <tr key={r.id} className="border-t border-slate-100">
              <th scope="row" className="py-2 pr-3 align-top font-normal">
                <span className="block font-medium text-slate-900">Response {nameOf(r.id)}</span>
                <span className="block font-mono text-xs break-all text-slate-500">{r.modelId ?? 'no model id'}</span>
              </th>
              {view.judgments.map((j, k) => {
                const place = places[k]!.get(r.id);
                const likert = j.likert[r.id];
                const flags = j.flags[r.id] ?? [];
                const flaws = j.flaws[r.id] ?? [];
                return (
                  <td key={j.judgmentId} className={cell}>
                    <span className="block text-base font-semibold tabular-nums">{place === undefined ? '—' : `${place}`}</span>
                    {likert !== undefined && likert !== null ? <span className="block text-xs text-slate-600">Likert {likert}</span> : null}
                    {flags.length > 0 ? (
                      <span className="block text-xs text-red-800">{flags.map((key) => flagLabels.get(key) ?? key).join(', ')}</span>
                    ) : null}
                    {flaws.length > 0 ? (
                      <ul
                        className="mt-1 flex max-w-72 flex-col gap-1 text-xs text-slate-800"
                        aria-label={`Flaw notes of ${j.pseudonym} on response ${nameOf(r.id)}`}
                      >
                        {flaws.map((f, n) => (
                          <li key={n} className="rounded border border-amber-200 bg-amber-50 px-1.5 py-1" data-testid="flaw-note">
                            <q className="block break-words italic">{quote(r.text, f.start, f.end)}</q>
                            <span className="block text-slate-600">
                              {f.category} · severity {severityLabel(f.severity)} · characters {f.start}–{f.end}
                            </span>
                            {f.comment ? <span className="block break-words">{f.comment}</span> : null}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
              {gold ? <td className={`${cell} text-base font-semibold tabular-nums text-amber-800`}>{gold.get(r.id) ?? '—'}</td> : null}
            </tr>
          ))}
          <tr className="border-t border-slate-200 text-xs">
            <th scope="row" className="py-2 pr-3 align-top font-medium">
              Order
            </th>
            {view.judgments.map((j) => (
              <td key={j.judgmentId} className={`${cell} font-mono`}>
                {j.allUnacceptable ? 'all unacceptable' : rankingText(j.ranking, nameOf)}
              </td>
            ))}
            {gold ? <td className={`${cell} font-mono`}>{rankingText(view.goldRanking ?? [], nameOf)}</td> : null}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
