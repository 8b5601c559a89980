import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import { LabelProgressBar } from '@/components/label/label-progress-bar';
import { RankingScreen } from '@/components/label/ranking-screen';
import { DemonstrationScreen } from '@/components/demonstrate/demonstration-screen';
import { PerturbScreen } from '@/components/perturb/perturb-screen';
import { DetectScreen } from '@/components/detect/detect-screen';
import { StepsScreen } from '@/components/steps/steps-screen';
import { StudyBanner } from '@/components/study/study-banner';
import { StudyFinished } from '@/components/study/study-finished';
import { ChatTaskPanel } from './chat-task-panel';
import { LocalizedGuidelines } from '@/components/taxonomy/localized-guidelines';
import { getProjectTranslation } from '@/lib/taxonomy/get-project-translation';
import { localizeProjectTexts, localizeTaxonomy } from '@/lib/taxonomy/localize-project-texts';
import { labelerLocale } from './labeler-locale';
import { requireProjectMember } from '@/lib/auth/session';
import { getDemonstrationTask } from '@/lib/tasks/kinds/demonstrate';
import { getPerturbTask } from '@/lib/tasks/kinds/perturb';
import { getDetectTask } from '@/lib/tasks/kinds/detect';
import { getStepsTask } from '@/lib/tasks/kinds/steps';
import { claimMixedTask, MemberPausedError } from '@/lib/tasks/claim-next';
import { findLabelProgress } from '@/lib/tasks/find-label-progress';
import { getRankingTask } from '@/lib/tasks/get-ranking-task';
import { getStudyGate } from '@/lib/study/get-study-gate';
import { getAssistanceView } from '@/lib/assist/get-assistance-view';
import type { AssistanceView } from '@/lib/assist/types';
import {
  saveDemonstrationDraftAction,
  saveDraftAction,
  savePerturbationDraftAction,
  skipTaskAction,
  submitDemonstrationAction,
  submitPerturbationAction,
  submitRankingAction,
  saveDetectDraftAction,
  submitDetectTrialAction,
  recordWouldHaveNoticedAction,
  saveStepsDraftAction,
  submitStepsAction,
} from './actions';
import { askAssistantAction, recordAssistanceLookAction } from './assistance-actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('LabelPage');
  return { title: t('title') };
}

const linkClass =
  'rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400';

/** The labeler's current task in the project (any kind of the task mix): their live assignment, or the next one claimed for them. */
export default async function LabelProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LABELER', 'LEAD']);
  const t = await getTranslations('LabelPage');
  // A study participant (issue 30): evaluated before any claim; at the quota, screened out or timed out, the end screen instead.
  const studyGate = await getStudyGate({ projectId, userId: user.id });
  const title = (
    <h1 dir="auto" className="text-2xl font-semibold">
      {project.name}
    </h1>
  );
  if (studyGate && studyGate.status !== 'ACTIVE') return <StudyFinished gate={studyGate} heading={title} />;
  const heading = studyGate ? (
    <>
      {title}
      <StudyBanner gate={studyGate} />
    </>
  ) : (
    title
  );
  // The claim refuses a paused member (the one copy of that rule); this page says so in a card.
  const locale = await labelerLocale();
  const [task, texts] = await Promise.all([
    claimMixedTask({ projectId, userId: user.id }).catch((error: unknown) => {
      if (error instanceof MemberPausedError) return 'paused' as const;
      throw error;
    }),
    // The lead's texts in the labeler's locale (issue 31): flags, skip reasons, guidelines.
    getProjectTranslation({ projectId, locale }),
  ]);

  if (task === 'paused') {
    return (
      <div className="flex flex-col gap-6">
        {heading}
        <Card title={t('paused.title')}>
          <p className="text-slate-700">{t('paused.body')}</p>
        </Card>
      </div>
    );
  }

  const localized = texts && localizeProjectTexts({ texts, locale, defaultGuidelines: project.guidelines });
  const guidelines = localized?.guidelines.text ? (
    <LocalizedGuidelines fallback={localized.guidelines.fallback}>
      <SafeMarkdown text={localized.guidelines.text} />
    </LocalizedGuidelines>
  ) : (
    <p className="text-sm text-slate-700">{t('noGuidelines')}</p>
  );
  if (task?.kind === 'DEMONSTRATE') {
    const demonstration = await getDemonstrationTask({ assignmentId: task.assignmentId, userId: user.id, projectId });
    if (demonstration) {
      return (
        <div className="flex flex-col gap-4">
          {heading}
          <DemonstrationScreen
            key={demonstration.assignmentId}
            view={demonstration}
            guidelines={guidelines}
            saveDraft={saveDemonstrationDraftAction.bind(null, projectId)}
            submitDemonstration={submitDemonstrationAction.bind(null, projectId, locale)}
            skipTask={skipTaskAction.bind(null, projectId)}
          />
        </div>
      );
    }
  }
  if (task?.kind === 'PERTURB') {
    const perturb = await getPerturbTask({ assignmentId: task.assignmentId, userId: user.id, projectId });
    if (perturb) {
      return (
        <div className="flex flex-col gap-4">
          {heading}
          <PerturbScreen
            key={perturb.assignmentId}
            view={perturb}
            guidelines={guidelines}
            saveDraft={savePerturbationDraftAction.bind(null, projectId)}
            submitPerturbation={submitPerturbationAction.bind(null, projectId, locale)}
            skipTask={skipTaskAction.bind(null, projectId)}
          />
        </div>
      );
    }
  }
  if (task?.kind === 'DETECT') {
    const detect = await getDetectTask({ assignmentId: task.assignmentId, userId: user.id, projectId });
    const assistance = detect?.assisted ? await getAssistanceView({ assignmentId: task.assignmentId, userId: user.id, projectId }) : null;
    if (detect) {
      return (
        <div className="flex flex-col gap-4">
          {heading}
          <DetectScreen
            key={detect.assignmentId}
            view={detect}
            guidelines={guidelines}
            saveDraft={saveDetectDraftAction.bind(null, projectId)}
            submitTrial={submitDetectTrialAction.bind(null, projectId, locale)}
            recordWouldHaveNoticed={recordWouldHaveNoticedAction.bind(null, projectId)}
            skipTask={skipTaskAction.bind(null, projectId)}
            assistant={assistance && assistantMount(assistance, projectId)}
          />
        </div>
      );
    }
  }
  if (task?.kind === 'CHAT') {
    const chat = await ChatTaskPanel({ projectId, userId: user.id, assignmentId: task.assignmentId, heading, guidelines, texts, locale });
    if (chat) return chat;
  }
  if (task?.kind === 'STEPS') {
    const steps = await getStepsTask({ assignmentId: task.assignmentId, userId: user.id, projectId });
    if (steps) {
      return (
        <div className="flex flex-col gap-4">
          {heading}
          <StepsScreen
            key={steps.assignmentId}
            view={steps}
            guidelines={guidelines}
            saveDraft={saveStepsDraftAction.bind(null, projectId)}
            submitSteps={submitStepsAction.bind(null, projectId, locale)}
            skipTask={skipTaskAction.bind(null, projectId)}
          />
        </div>
      );
    }
  }
  const [view, progress, assistance] = await Promise.all([
    task?.kind === 'RANK' ? getRankingTask({ assignmentId: task.assignmentId, userId: user.id, projectId }) : null,
    findLabelProgress({ projectId, userId: user.id }),
    task?.kind === 'RANK' ? getAssistanceView({ assignmentId: task.assignmentId, userId: user.id, projectId }) : null,
  ]);

  if (!view) {
    return (
      <div className="flex flex-col gap-6">
        {heading}
        <LabelProgressBar progress={progress} />
        <Card title={t('noTasks.title')}>
          <div className="flex flex-col gap-4">
            <p className="text-slate-700">{t('noTasks.body')}</p>
            <div className="flex flex-wrap gap-2">
              <Link href="/my-work" className={linkClass}>
                {t('noTasks.myWork')}
              </Link>
              {/* A full load, so the claim runs again. */}
              <a href={`/label/${projectId}`} className={linkClass}>
                {t('noTasks.checkAgain')}
              </a>
            </div>
          </div>
        </Card>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {heading}
      <RankingScreen
        key={view.assignmentId}
        view={texts ? { ...view, taxonomy: localizeTaxonomy(view.taxonomy, texts, locale) } : view}
        progress={progress}
        guidelines={guidelines}
        saveDraft={saveDraftAction.bind(null, projectId)}
        submitRanking={submitRankingAction.bind(null, projectId, locale)}
        skipTask={skipTaskAction.bind(null, projectId)}
        assistant={assistance && assistantMount(assistance, projectId)}
      />
    </div>
  );
}

/** The Assistant's view and its two server actions, bound to the project (issue 25). */
function assistantMount(view: AssistanceView, projectId: string) {
  return { view, ask: askAssistantAction.bind(null, projectId), recordLook: recordAssistanceLookAction.bind(null, projectId) };
}
