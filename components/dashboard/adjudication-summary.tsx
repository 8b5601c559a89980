import { rankingText } from '@/components/dashboard/ranking-text';
import type { ItemJudgmentsView } from '@/lib/dashboard/types';

/** The item's current adjudication in words, or that there is none. */
export function AdjudicationSummary({
  adjudication,
  nameOf,
}: {
  adjudication: ItemJudgmentsView['adjudication'];
  nameOf: (responseId: string) => string;
}) {
  if (!adjudication) return <p className="text-sm text-slate-700">Not adjudicated yet.</p>;
  return (
    <div className="flex flex-col gap-1 text-sm" data-testid="current-adjudication">
      {adjudication.invalid ? (
        <p className="font-medium text-red-800">Item invalid: left out of exports and statistics.</p>
      ) : (
        <p>
          Reference ranking, best first: <span className="font-mono font-medium">{rankingText(adjudication.ranking ?? [], nameOf)}</span>
        </p>
      )}
      {adjudication.note ? <p className="break-words whitespace-pre-wrap text-slate-700">Note: {adjudication.note}</p> : null}
      <p className="text-xs text-slate-500">
        By {adjudication.by ?? 'a former member'} on {adjudication.at.slice(0, 16).replace('T', ' ')} UTC
      </p>
    </div>
  );
}
