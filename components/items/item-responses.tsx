import { isBlankResponse } from '@/components/ui/response-text';

type ItemResponse = {
  id: string;
  externalId: string | null;
  modelId: string | null;
  text: string;
  labels: number;
  importedScores?: [string, string][];
};

/** Each response with what a lead needs to check it: external id, model id, how often it was rated, and the scores its dataset gave it. */
export function ItemResponses({ responses }: { responses: ItemResponse[] }) {
  return (
    <div className="flex flex-col gap-4">
      {responses.map((r, i) => {
        const name = responseName(r, i);
        return (
          <article key={r.id} aria-labelledby={`response-${r.id}`} className="rounded-md border border-slate-200 p-3">
            <header className="mb-2 flex flex-wrap items-baseline gap-x-4 gap-y-1 text-xs text-slate-600">
              <h3 id={`response-${r.id}`} className="font-mono text-sm font-semibold text-slate-900">
                Response {name}
              </h3>
              <span>
                Model <span className="font-mono text-slate-900">{r.modelId ?? 'unknown'}</span>
              </span>
              <span>
                {r.labels} {r.labels === 1 ? 'rating' : 'ratings'}
              </span>
            </header>
            {r.importedScores && r.importedScores.length > 0 ? (
              <p className="mb-2 text-xs text-slate-600">
                Imported scores:{' '}
                {r.importedScores.map(([name, value], k) => (
                  <span key={name}>
                    {k > 0 ? ' · ' : null}
                    {name} <span className="font-mono text-slate-900">{value}</span>
                  </span>
                ))}
              </p>
            ) : null}
            {isBlankResponse(r.text) ? (
              <p className="text-sm text-slate-500 italic">(empty response{r.text.length > 0 ? ': whitespace only' : ''})</p>
            ) : (
              <div className="text-sm break-words whitespace-pre-wrap text-slate-900">{r.text}</div>
            )}
          </article>
        );
      })}
    </div>
  );
}

/** How a response is named on screen: its external id, or its position when it has none. */
export function responseName(response: { externalId: string | null }, index: number): string {
  return response.externalId ?? `#${index + 1}`;
}
