// The dashboard's widgets: each an async server component that makes one lib call, so each
// streams into its own <Suspense> boundary as soon as its numbers are ready.
import { AgreementPanel } from '@/components/dashboard/agreement-panel';
import { DashboardSection } from '@/components/dashboard/dashboard-section';
import { DisagreementQueue } from '@/components/dashboard/disagreement-queue';
import { FigureFreshnessNote } from '@/components/dashboard/figure-freshness-note';
import { LabelerTable } from '@/components/dashboard/labeler-table';
import { ModelPanel } from '@/components/dashboard/model-panel';
import { ProgressPanel } from '@/components/dashboard/progress-panel';
import { AbuseAlarmsPanel } from '@/components/pool/abuse-alarms-panel';
import { findAbuseAlarms } from '@/lib/dashboard/find-abuse-alarms';
import { findDisagreementQueue } from '@/lib/dashboard/find-disagreement-queue';
import { findLabelerQuality } from '@/lib/dashboard/find-labeler-quality';
import { getAgreementSummary } from '@/lib/dashboard/get-agreement-summary';
import { getModelScores } from '@/lib/dashboard/get-model-scores';
import { getProgressSummary } from '@/lib/dashboard/get-progress-summary';
import type { TDashboardQuery } from '@/lib/dashboard/schemas';
import { queueStatsRefresh } from '@/lib/judgments/refresh-project-stats';
import { getProjectSettings } from '@/lib/projects/get-project-settings';
import { setMemberExcludedAction, setMemberPausedAction } from './actions';

/** Ids (page anchors) and headings, shared with the skeletons so nothing moves when a widget arrives. */
export const WIDGETS = {
  progress: { id: 'progress', title: 'Progress' },
  agreement: { id: 'agreement', title: 'Agreement' },
  labelers: { id: 'labelers', title: 'Labelers' },
  abuse: { id: 'abuse', title: 'Coordinated or careless feedback' },
  models: { id: 'models', title: 'Models' },
  queue: { id: 'queue', title: 'Disagreement queue' },
} as const;

export async function ProgressWidget({ projectId }: { projectId: string }) {
  // Folds what changed since the last view; past a backlog, shows the last folded figures while the background fold runs.
  const progress = await getProgressSummary({ projectId });
  const { freshness } = progress;
  const now = Date.now();
  return (
    <DashboardSection {...WIDGETS.progress} description="Items, labels per day and the pace of the last week." busy={freshness.behind}>
      <div className="flex flex-col gap-3">
        {freshness.behind ? <FigureFreshnessNote freshness={freshness} now={now} what="progress figures" pollWhileBehind /> : null}
        {freshness.asOf !== null ? <ProgressPanel projectId={projectId} progress={progress} /> : null}
      </div>
    </DashboardSection>
  );
}

/** Intervals behind the data are recomputed by the project's background refresh job (queued once; any instance runs it). */
async function refreshIntervalsAfter(projectId: string, behind: boolean) {
  if (behind) await queueStatsRefresh({ projectId });
}

export async function AgreementWidget({ projectId }: { projectId: string }) {
  const agreement = await getAgreementSummary({ projectId });
  await refreshIntervalsAfter(projectId, agreement.intervals.behind);
  const now = Date.now();
  return (
    <DashboardSection
      {...WIDGETS.agreement}
      description="How often labelers order responses the same way, beside published labeler agreement."
    >
      <AgreementPanel agreement={agreement} now={now} />
    </DashboardSection>
  );
}

export async function LabelersWidget({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  const [rows, settings] = await Promise.all([findLabelerQuality({ projectId }), getProjectSettings({ projectId })]);
  return (
    <DashboardSection
      {...WIDGETS.labelers}
      description="Each labeler against the others on the same items; alarms mark who may need a word."
    >
      <LabelerTable
        projectId={projectId}
        rows={rows}
        goldRate={settings.goldRate}
        actions={canManage ? { setPaused: setMemberPausedAction, setExcluded: setMemberExcludedAction } : null}
      />
    </DashboardSection>
  );
}

export async function AbuseWidget({ projectId, canManage }: { projectId: string; canManage: boolean }) {
  // Computed off the request path by the stats refresh job (queued by the read when behind).
  const { alarms, freshness } = await findAbuseAlarms({ projectId });
  const now = Date.now();
  return (
    <DashboardSection
      {...WIDGETS.abuse}
      description="Pairs who agree with each other far more than with anyone else, labelers faster than the floor, and runs of identical submissions."
      busy={freshness.asOf === null}
    >
      <div className="flex flex-col gap-3">
        {alarms ? (
          <AbuseAlarmsPanel
            projectId={projectId}
            alarms={alarms}
            actions={canManage ? { setPaused: setMemberPausedAction, setExcluded: setMemberExcludedAction } : null}
          />
        ) : null}
        <FigureFreshnessNote freshness={freshness} now={now} what="alarms" />
      </div>
    </DashboardSection>
  );
}

export async function ModelsWidget({ projectId }: { projectId: string }) {
  const scores = await getModelScores({ projectId });
  await refreshIntervalsAfter(projectId, scores.intervals.behind);
  const now = Date.now();
  return (
    <DashboardSection {...WIDGETS.models} description="Bradley–Terry scores from every counted ranking, and who beats whom.">
      <ModelPanel scores={scores} now={now} />
    </DashboardSection>
  );
}

export async function QueueWidget({ projectId, query }: { projectId: string; query: TDashboardQuery }) {
  const queue = await findDisagreementQueue({ projectId, filter: query.queue, page: query.queuePage, pageSize: 20 });
  return (
    <DashboardSection
      {...WIDGETS.queue}
      description="Items by lowest agreement first: open one to see every judgment and record a verdict."
    >
      <DisagreementQueue projectId={projectId} queue={queue} filter={query.queue} />
    </DashboardSection>
  );
}
