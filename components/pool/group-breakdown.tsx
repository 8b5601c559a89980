import { formatCount, formatInterval } from '@/components/dashboard/format';
import { attributeLabel, WORKING_LOCALE_ATTRIBUTE, type GroupBreakdown } from '@/lib/dashboard/find-group-breakdown';
import type { FigureFreshness } from '@/lib/dashboard/types';
import type { GroupNumbers } from '@/lib/pool/group-stats';
import { ItemName } from '@/components/items/item-name';

const th = 'py-2 pr-3 text-left align-bottom font-medium';
const td = 'py-2 pr-3 align-top tabular-nums';

function Row({ g, models, pooled = false }: { g: GroupNumbers; models: string[]; pooled?: boolean }) {
  const byModel = new Map(g.models.map((m) => [m.modelId, m]));
  return (
    <tr className={pooled ? 'border-t-2 border-slate-300 font-medium' : 'border-t border-slate-100'}>
      <th scope="row" className="py-2 pr-3 text-left align-top font-medium">
        {g.value}
      </th>
      <td className={td}>{formatCount(g.labelers)}</td>
      <td className={td}>{formatCount(g.judgments)}</td>
      <td className={td}>{formatInterval(g.agreement, 'percent')}</td>
      {models.map((m) => {
        const score = byModel.get(m);
        return (
          <td key={m} className={td}>
            {score ? formatInterval(score.rating, 'rating') : '—'}
          </td>
        );
      })}
    </tr>
  );
}

type View = { attributes: string[]; attribute: string | null; breakdown: GroupBreakdown | null; freshness: FigureFreshness };

/**
 * Agreement and model scores by group of one attribute, beside everyone pooled, and where groups
 * disagree. The attribute can be chosen while the figures are still being computed (`breakdown` null).
 */
export function GroupBreakdownPanel({ projectId, view }: { projectId: string; view: View }) {
  const { breakdown } = view;
  return (
    <div className="flex flex-col gap-4">
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Choose an attribute">
        <label htmlFor="attribute" className="text-sm font-medium text-slate-800">
          Break down by
        </label>
        <select
          id="attribute"
          name="attribute"
          defaultValue={view.attribute ?? ''}
          className="rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        >
          {[...view.attributes, WORKING_LOCALE_ATTRIBUTE].map((a) => (
            <option key={a} value={a}>
              {attributeLabel(a)}
            </option>
          ))}
        </select>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50">
          Show
        </button>
      </form>
      {view.attribute === null ? (
        <p className="text-sm text-slate-700">
          No labeler in this project has described themselves yet, so there are no groups to compare.
        </p>
      ) : breakdown === null ? null : (
        <Figures projectId={projectId} breakdown={breakdown} attribute={view.attribute} />
      )}
    </div>
  );
}

function Figures({ projectId, breakdown, attribute }: { projectId: string; breakdown: GroupBreakdown; attribute: string }) {
  const models = breakdown.pooled.models.map((m) => m.modelId);
  return (
    <>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Agreement and model scores by {attributeLabel(attribute)}</caption>
          <thead className="text-xs text-slate-500 uppercase">
            <tr>
              <th className={th}>{attributeLabel(attribute)}</th>
              <th className={th}>Labelers</th>
              <th className={th}>Rankings</th>
              <th className={th}>Agreement with others (95%)</th>
              {models.map((m) => (
                <th key={m} className={th}>
                  {m} (BT, 95%)
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {breakdown.groups.map((g) => (
              <Row key={g.value} g={g} models={models} />
            ))}
            <Row g={breakdown.pooled} models={models} pooled />
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-600">
        Groups need at least {breakdown.minGroupSize} labelers with counted rankings to be shown.{' '}
        {breakdown.hiddenGroups > 0 ? (
          <strong>
            {breakdown.hiddenGroups} smaller {breakdown.hiddenGroups === 1 ? 'group was' : 'groups were'} hidden.
          </strong>
        ) : (
          'No group was hidden.'
        )}{' '}
        A labeler with several values (two languages) is in several groups. Agreement: their strict pairs ordered like the other
        labelers&apos; consensus. Scores: Bradley–Terry on the Elo-like scale from the group&apos;s rankings only. Intervals:{' '}
        {breakdown.resamples} bootstrap resamples over items, seed {breakdown.seed}; groups differ clearly where their intervals do not
        overlap.{breakdown.truncated ? ' Only the newest 200,000 rankings are used.' : ''}
      </p>
      <div>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Where groups disagree most</h3>
        {breakdown.disagreements.length === 0 ? (
          <p className="text-sm text-slate-700">No item was ranked by two shown groups yet.</p>
        ) : (
          <table className="w-full text-sm">
            <thead className="text-xs text-slate-500 uppercase">
              <tr>
                <th className={th}>Item</th>
                <th className={th}>Groups</th>
                <th className={th}>Largest gap</th>
              </tr>
            </thead>
            <tbody>
              {breakdown.disagreements.map((d) => (
                <tr key={d.itemId} className="border-t border-slate-100">
                  <td className="py-2 pr-3">
                    <ItemName href={`/projects/${projectId}/dashboard/items/${d.itemId}`} prompt={d.prompt} />
                  </td>
                  <td className="py-2 pr-3">
                    {d.groupA} ({d.judgmentsA}) vs {d.groupB} ({d.judgmentsB})
                  </td>
                  <td className={td}>{(d.difference * 100).toFixed(0)} points</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="mt-1 text-xs text-slate-600">
          Gap: for each response, the share of other responses it beats (ties half), averaged within each group; the largest difference
          between two groups over the item&apos;s responses, in percentage points. Rankings per group in brackets.
        </p>
      </div>
    </>
  );
}
