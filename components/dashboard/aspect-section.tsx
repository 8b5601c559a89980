import { AspectDisagreementChart } from '@/components/dashboard/aspect-disagreement-chart';
import { ChartFigure } from '@/components/dashboard/chart-figure';
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { formatCount, formatInterval } from '@/components/dashboard/format';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { ASPECT_RESAMPLES } from '@/lib/dashboard/aspect-figures';
import { getAspectFigures } from '@/lib/dashboard/get-aspect-figures';
import { BOOTSTRAP_SEED } from '@/lib/dashboard/resampling-units';

const WIDGET = { id: 'aspects', title: 'Aspects' };

/** The dashboard's aspects section (issue 27), streamed in its own frame; nothing when the project has no aspects. */
export function AspectWidget({ projectId }: { projectId: string }) {
  return (
    <WidgetFrame widget={WIDGET} blocks={['h-24', 'h-48']}>
      <AspectSection projectId={projectId} />
    </WidgetFrame>
  );
}

/** Per aspect: agreement, departure from the overall ranking (own rankings, flipped pairs) and model ratings, with intervals. */
async function AspectSection({ projectId }: { projectId: string }) {
  const data = await getAspectFigures({ projectId });
  if (!data) return null;
  const { figures } = data;
  const percent = (i: Parameters<typeof formatInterval>[0]) => formatInterval(i, 'percent');
  const table = {
    caption: 'How often each aspect departs from the overall ranking',
    columns: ['Aspect', 'Judgments with an own ranking', 'Overall pairs flipped'],
    rows: figures.map((f) => [f.aspect, percent(f.ownShare), percent(f.flippedShare)]),
  };
  return (
    <DashboardSection
      {...WIDGET}
      description="Per aspect the labelers answered after the overall ranking: how well they agree, how often the aspect departs from the overall ranking, and the models' ratings by that aspect."
    >
      <div className="flex flex-col gap-4">
        <table className="w-full text-left text-sm" aria-label="Agreement per aspect">
          <thead>
            <tr className="border-b border-slate-200 text-xs text-slate-500 uppercase">
              <th scope="col" className="py-1 pr-3">
                Aspect
              </th>
              <th scope="col" className="py-1 pr-3">
                Answers
              </th>
              <th scope="col" className="py-1 pr-3">
                Pairwise agreement
              </th>
              <th scope="col" className="py-1 pr-3">
                Own ranking
              </th>
              <th scope="col" className="py-1">
                Overall pairs flipped
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.aspect} className="border-b border-slate-100" data-aspect={f.aspect}>
                <th scope="row" className="py-1.5 pr-3 font-medium">
                  {f.aspect}
                </th>
                <td className="py-1.5 pr-3">
                  {formatCount(f.judgments)} on {formatCount(f.items)} items
                </td>
                <td className="py-1.5 pr-3" data-stat="agreement">
                  {percent(f.agreement)}
                </td>
                <td className="py-1.5 pr-3" data-stat="own">
                  {percent(f.ownShare)}
                </td>
                <td className="py-1.5" data-stat="flipped">
                  {percent(f.flippedShare)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ChartFigure
          id="aspect-disagreement"
          title="How often each aspect departs from the overall ranking"
          description="Share of judgments where the labeler gave the aspect its own ranking, and share of the pairs the overall ranking orders that the aspect orders the other way."
          table={table}
        >
          <AspectDisagreementChart
            rows={figures.map((f) => ({
              aspect: f.aspect,
              own: f.ownShare.estimate,
              ownLow: f.ownShare.low,
              ownHigh: f.ownShare.high,
              flipped: f.flippedShare.estimate,
              flippedLow: f.flippedShare.low,
              flippedHigh: f.flippedShare.high,
            }))}
          />
        </ChartFigure>
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {figures.map((f) => (
            <table key={f.aspect} className="w-full text-left text-sm">
              <caption className="text-left text-sm font-semibold text-slate-800">Bradley–Terry ratings by {f.aspect}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-xs text-slate-500 uppercase">
                  <th scope="col" className="py-1 pr-3">
                    Model
                  </th>
                  <th scope="col" className="py-1 pr-3">
                    Rating
                  </th>
                  <th scope="col" className="py-1">
                    Games
                  </th>
                </tr>
              </thead>
              <tbody>
                {f.models.length === 0 ? (
                  <tr>
                    <td colSpan={3} className="py-1.5 text-slate-500">
                      No games between models yet.
                    </td>
                  </tr>
                ) : (
                  f.models.map((m) => (
                    <tr key={m.modelId} className="border-b border-slate-100">
                      <th scope="row" className="py-1.5 pr-3 font-medium break-all">
                        {m.modelId}
                      </th>
                      <td className="py-1.5 pr-3">{formatInterval(m.rating, 'rating')}</td>
                      <td className="py-1.5">{formatCount(m.games)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          ))}
        </div>
        <p className="text-xs text-slate-500">
          Counted judgments only (excluded labelers and invalid items left out), {formatCount(data.answers)} answers
          {data.capped ? ' (the most recent ones: the section reads a bounded number)' : ''}. Pairwise agreement ties excluded, as in the
          Agreement section; ratings as in the Models section (ties half, one virtual tie per pair that met). Intervals: 95% percentile
          bootstrap over items, {formatCount(ASPECT_RESAMPLES.shares)} resamples ({formatCount(ASPECT_RESAMPLES.ratings)} for ratings), seed{' '}
          {BOOTSTRAP_SEED}; computed when this page is viewed.
        </p>
      </div>
    </DashboardSection>
  );
}
