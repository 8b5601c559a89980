import Link from 'next/link';
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { formatCount, formatInterval, formatPercent } from '@/components/dashboard/format';
import { WidgetFrame } from '@/components/dashboard/widget-frame';
import { findAssistanceFigures } from '@/lib/assist/find-assistance-figures';
import type { ArmComparison, ArmFigures, Figure } from '@/lib/assist/compare-arms';
import type { AssistanceUse } from '@/lib/assist/summarize-assistance-use';
import { ASSISTANCE_KINDS, type AssistanceKind } from '@/lib/projects/settings';

const SECTION = { id: 'assistance', title: 'Assistance' } as const;

const KIND_NAME: Record<AssistanceKind, string> = {
  CRITIQUE: 'Critiques',
  EXPLAIN: 'Explanations',
  FACT_CHECK: 'Fact checks',
  SUMMARY: 'Summaries',
};

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '—');
const number = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const withInterval = (f: { estimate: number; low: number; high: number }, show: (v: number) => string) =>
  !Number.isFinite(f.estimate)
    ? '—'
    : Number.isFinite(f.low) && Number.isFinite(f.high)
      ? `${show(f.estimate)} (95% CI ${show(f.low)} to ${show(f.high)})`
      : `${show(f.estimate)} (no interval)`;
const signed = (show: (v: number) => string) => (v: number) => (v > 0 ? `+${show(v)}` : show(v));

/** The dashboard's Assistance section (issue 25), framed like every widget: streams in and fails on its own. */
export function AssistanceSection({ projectId }: { projectId: string }) {
  return (
    <WidgetFrame widget={SECTION} blocks={['h-8', 'h-24']}>
      <AssistanceFigures projectId={projectId} />
    </WidgetFrame>
  );
}

async function AssistanceFigures({ projectId }: { projectId: string }) {
  const figures = await findAssistanceFigures({ projectId });
  const { settings, rank, detect, arms } = figures;
  if (!settings.enabled && rank.tasks === 0 && detect.tasks === 0 && !arms) return null;
  return (
    <DashboardSection
      {...SECTION}
      description={
        <>
          AI assistance while labeling: how much labelers ask the assistant, and{' '}
          {settings.randomize
            ? 'assisted against unassisted tasks (randomized per assignment)'
            : 'with randomization on, the two arms compared'}
          . Submitted tasks only. {settings.enabled ? '' : 'Assistance is off now. '}
          <Link href={`/projects/${projectId}/settings`} className="text-indigo-700 underline">
            Settings
          </Link>
        </>
      }
    >
      <div className="flex flex-col gap-6">
        <UseTable title="Ranking tasks with the Assistant" use={rank} kinds={[...ASSISTANCE_KINDS]} />
        {detect.tasks > 0 ? (
          <UseTable title="Detect trials: “ask for more” (on-demand critiques)" use={detect} kinds={['CRITIQUE']} />
        ) : null}
        {arms ? <ArmsTable arms={arms} /> : null}
      </div>
    </DashboardSection>
  );
}

function UseTable({ title, use, kinds }: { title: string; use: AssistanceUse; kinds: AssistanceKind[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="mb-2 text-left font-semibold text-slate-900">{title}</caption>
        <tbody className="divide-y divide-slate-100">
          <tr>
            <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-700">
              Tasks offered assistance
            </th>
            <td className="py-1.5 tabular-nums">{formatCount(use.tasks)}</td>
          </tr>
          <tr>
            <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-700">
              Share that asked at least once
            </th>
            <td className="py-1.5 tabular-nums">
              {formatCount(use.used.hits)} of {formatCount(use.tasks)}: {formatInterval(use.used, 'percent')}
            </td>
          </tr>
          {kinds.map((k) => (
            <tr key={k}>
              <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-700">
                {KIND_NAME[k]} per task
              </th>
              <td className="py-1.5 tabular-nums">{withInterval(use.perTask[k], (v) => number(v))}</td>
            </tr>
          ))}
          <tr>
            <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-700">
              Look time per answer (median; total)
            </th>
            <td className="py-1.5 tabular-nums">
              {use.answers === 0
                ? 'no answers yet'
                : `${seconds(use.medianLookMs)}; ${seconds(use.totalLookMs)} over ${formatCount(use.answers)} answers`}
            </td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const ROWS: { key: keyof Omit<ArmFigures, 'tasks'>; name: string; show: (v: number) => string; unit: string }[] = [
  { key: 'consensus', name: 'Agreement with consensus', show: (v) => formatPercent(v), unit: 'pairs' },
  { key: 'gold', name: 'Agreement with gold', show: (v) => formatPercent(v), unit: 'pairs' },
  { key: 'medianMs', name: 'Time per task (median)', show: seconds, unit: 'tasks' },
  { key: 'flagsPerResponse', name: 'Flags per response', show: (v) => number(v), unit: 'responses' },
  { key: 'flawsPerResponse', name: 'Flaw notes per response', show: (v) => number(v), unit: 'responses' },
];

function ArmsTable({ arms }: { arms: ArmComparison }) {
  const cell = (f: Figure, show: (v: number) => string, unit: string) => (
    <>
      {withInterval(f, show)}
      <span className="block text-xs text-slate-500">
        {formatCount(f.n)} {unit}
      </span>
    </>
  );
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="mb-2 text-left font-semibold text-slate-900">
          The arms compared ({formatCount(arms.assisted.tasks)} assisted, {formatCount(arms.unassisted.tasks)} unassisted tasks; intervals
          bootstrap over items)
        </caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-700">
            <th scope="col" className="py-1.5 pr-4 font-medium">
              Measure
            </th>
            <th scope="col" className="py-1.5 pr-4 font-medium">
              Assisted
            </th>
            <th scope="col" className="py-1.5 pr-4 font-medium">
              Unassisted
            </th>
            <th scope="col" className="py-1.5 font-medium">
              Difference
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {ROWS.map((r) => (
            <tr key={r.key}>
              <th scope="row" className="py-1.5 pr-4 text-left font-medium text-slate-700">
                {r.name}
              </th>
              <td className="py-1.5 pr-4 tabular-nums">{cell(arms.assisted[r.key], r.show, r.unit)}</td>
              <td className="py-1.5 pr-4 tabular-nums">{cell(arms.unassisted[r.key], r.show, r.unit)}</td>
              <td className="py-1.5 tabular-nums">{withInterval(arms.difference[r.key], signed(r.show))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
