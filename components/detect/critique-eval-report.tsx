import { StatTiles } from '@/components/dashboard/stat-tiles';
import { DASH, formatCount, formatInterval, formatPercent } from '@/components/dashboard/format';
import { formatDuration } from '@/components/my-work/format-duration';
import type { ArmRates, CritiqueEval, Rate } from '@/lib/detect/compute-critique-eval';
import { severityLabel } from '@/lib/taxonomy/severity';

const ARM_LABEL = { UNASSISTED: 'Without critiques', ASSISTED: 'With critiques' } as const;
const CATEGORY_LABEL: Record<string, string> = {
  ACCURACY: 'Accuracy',
  COVERAGE: 'Coverage',
  COHERENCE: 'Coherence',
  HARMFUL: 'Harmful',
  OTHER: 'Other',
};

/** "41.5% (95% CI … to …), 83 of 200". */
function rateText(rate: Rate): string {
  return rate.n === 0 ? `${DASH} (n = 0)` : `${formatInterval(rate.interval, 'percent')}, ${formatCount(rate.x)} of ${formatCount(rate.n)}`;
}

const th = 'border-b border-slate-300 px-3 py-2 text-left text-xs font-semibold text-slate-700';
const td = 'border-b border-slate-200 px-3 py-2 text-sm tabular-nums text-slate-900';

function ArmTable({ caption, rows }: { caption: string; rows: { key: string; label: string; rates: ArmRates }[] }) {
  return (
    <table className="w-full border-collapse">
      <caption className="mb-2 text-left text-sm font-medium text-slate-800">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={th}>
            Group
          </th>
          <th scope="col" className={th}>
            {ARM_LABEL.UNASSISTED}
          </th>
          <th scope="col" className={th}>
            {ARM_LABEL.ASSISTED}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row" className={`${td} text-left font-medium`}>
              {r.label}
            </th>
            <td className={td}>{rateText(r.rates.UNASSISTED)}</td>
            <td className={td}>{rateText(r.rates.ASSISTED)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The critique experiment's numbers (PRODUCT §3.4), each with its n; intervals are 95%. */
export function CritiqueEvalReport({ data }: { data: CritiqueEval }) {
  const { counts, detection, gain } = data;
  const gainText = Number.isFinite(gain.estimate)
    ? `Assisted evaluators found ${formatPercent(Math.abs(gain.estimate))} ${gain.estimate >= 0 ? 'more' : 'fewer'} planted flaws`
    : 'Not enough decided trials in both arms for a gain yet';
  return (
    <div className="flex flex-col gap-6">
      <StatTiles
        stats={[
          {
            id: 'trials',
            label: 'Submitted trials',
            value: formatCount(counts.trials),
            detail: `${formatCount(counts.flawedTrials)} flawed, ${formatCount(counts.originalTrials)} original`,
          },
          { id: 'sources', label: 'Sources (perturbations)', value: formatCount(counts.sources) },
          { id: 'labelers', label: 'Evaluators', value: formatCount(counts.labelers) },
          {
            id: 'pending',
            label: 'Waiting for review',
            value: formatCount(counts.pendingReview),
            detail: 'not in the detection rates until a lead decides',
          },
        ]}
      />

      <section aria-labelledby="gain-heading" className="flex flex-col gap-2">
        <h2 id="gain-heading" className="text-lg font-semibold">
          Relative gain
        </h2>
        <p className="text-base text-slate-900" data-testid="gain">
          {gainText}
          {Number.isFinite(gain.estimate) ? (
            <> (relative gain {formatInterval(gain, 'percent')}; bootstrap over sources, 1000 resamples, fixed seed).</>
          ) : (
            '.'
          )}
        </p>
      </section>

      <section aria-labelledby="detection-heading" className="flex flex-col gap-2">
        <h2 id="detection-heading" className="text-lg font-semibold">
          Detection and false alarms
        </h2>
        <p className="text-sm text-slate-600">
          Intended-flaw detection: share of trials on a flawed text where the evaluator marked the planted flaw (span overlap, or a lead
          confirmed). Trials waiting for a lead’s review are left out of the denominator and counted separately. False alarm: “yes, a flaw”
          on an original text. Wilson 95% intervals.
        </p>
        <table className="w-full border-collapse">
          <caption className="sr-only">Rates per arm</caption>
          <thead>
            <tr>
              <th scope="col" className={th}>
                Measure
              </th>
              <th scope="col" className={th}>
                {ARM_LABEL.UNASSISTED}
              </th>
              <th scope="col" className={th}>
                {ARM_LABEL.ASSISTED}
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row" className={`${td} text-left font-medium`}>
                Intended flaw found
              </th>
              <td className={td}>{rateText(detection.UNASSISTED)}</td>
              <td className={td}>{rateText(detection.ASSISTED)}</td>
            </tr>
            <tr>
              <th scope="row" className={`${td} text-left font-medium`}>
                Waiting for review (flawed trials)
              </th>
              <td className={td}>{formatCount(data.pending.UNASSISTED)}</td>
              <td className={td}>{formatCount(data.pending.ASSISTED)}</td>
            </tr>
            <tr>
              <th scope="row" className={`${td} text-left font-medium`}>
                False alarm on originals
              </th>
              <td className={td}>{rateText(data.falseAlarm.UNASSISTED)}</td>
              <td className={td}>{rateText(data.falseAlarm.ASSISTED)}</td>
            </tr>
            <tr>
              <th scope="row" className={`${td} text-left font-medium`}>
                Median time per trial
              </th>
              <td className={td}>
                {data.medianMs.UNASSISTED === null ? DASH : formatDuration(data.medianMs.UNASSISTED)} (n ={' '}
                {formatCount(data.trialsPerArm.UNASSISTED)})
              </td>
              <td className={td}>
                {data.medianMs.ASSISTED === null ? DASH : formatDuration(data.medianMs.ASSISTED)} (n ={' '}
                {formatCount(data.trialsPerArm.ASSISTED)})
              </td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="breakdown-heading" className="flex flex-col gap-4">
        <h2 id="breakdown-heading" className="text-lg font-semibold">
          By severity and category of the planted flaw
        </h2>
        <ArmTable
          caption="Intended flaw found, by severity"
          rows={data.bySeverity.map((r) => ({ key: r.key, label: severityLabel(Number(r.key)), rates: r.rates }))}
        />
        <ArmTable
          caption="Intended flaw found, by category"
          rows={data.byCategory.map((r) => ({ key: r.key, label: CATEGORY_LABEL[r.key] ?? r.key, rates: r.rates }))}
        />
        {data.byCritiqueSource.length > 0 && (
          <ArmTable
            caption="Intended flaw found, by critique model and template version (the texts those critiques were written for)"
            rows={data.byCritiqueSource.map((r) => ({ key: r.key, label: r.key, rates: r.rates }))}
          />
        )}
      </section>

      <section aria-labelledby="critiques-heading" className="flex flex-col gap-2">
        <h2 id="critiques-heading" className="text-lg font-semibold">
          The critiques
        </h2>
        <dl className="grid gap-2 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-800">Marked helpful</dt>
          <dd className="tabular-nums" data-testid="helpfulness">
            {rateText(data.helpfulness)} critique marks
          </dd>
          <dt className="font-medium text-slate-800">Assisted finds the evaluator says they would have noticed anyway</dt>
          <dd className="tabular-nums" data-testid="would-have-noticed">
            {rateText(data.wouldHaveNoticed)} answered
          </dd>
          <dt className="font-medium text-slate-800">… when “Yes” was shown first</dt>
          <dd className="tabular-nums" data-testid="would-have-noticed-yes-first">
            {rateText(data.wouldHaveNoticedByOrder.yesFirst)} answered
          </dd>
          <dt className="font-medium text-slate-800">… when “No” was shown first</dt>
          <dd className="tabular-nums" data-testid="would-have-noticed-no-first">
            {rateText(data.wouldHaveNoticedByOrder.noFirst)} answered
          </dd>
        </dl>
        <p className="text-xs text-slate-600">
          The two answers are shown in an order drawn for each trial and balanced per evaluator; a large gap between the two lines above is
          an order effect, not a property of the critiques.
        </p>
      </section>
    </div>
  );
}
