import type { Metadata } from 'next';
import Link from 'next/link';
import { CritiqueEvalReport } from '@/components/detect/critique-eval-report';
import { TrialReview } from '@/components/detect/trial-review';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { findTrialReviewQueue, type TrialToReview } from '@/lib/detect/find-trial-review-queue';
import { getCritiqueEval } from '@/lib/detect/get-critique-eval';
import { reviewTrialAction } from './actions';
import { CritiqueGapSection } from './critique-gap';
import { severityLabel } from '@/lib/taxonomy/severity';

export const metadata: Metadata = { title: 'Critique experiment' };

const CONTEXT = 60;

/** The text around a span with the span marked: "…before [span] after…". */
function SpanInContext({ text, start, end, label }: { text: string; start: number; end: number; label: string }) {
  const from = Math.max(0, start - CONTEXT);
  const to = Math.min(text.length, end + CONTEXT);
  return (
    <p className="font-mono text-xs break-words whitespace-pre-wrap text-slate-800">
      {from > 0 ? '…' : ''}
      {text.slice(from, start)}
      <mark aria-label={label} className="bg-amber-200">
        {text.slice(start, end) || '(deletion here)'}
      </mark>
      {text.slice(end, to)}
      {to < text.length ? '…' : ''}
    </p>
  );
}

function ReviewItem({ projectId, trial }: { projectId: string; trial: TrialToReview }) {
  const overlap = trial.spanOverlap === null ? '—' : `${Math.round(trial.spanOverlap * 100)}%`;
  return (
    <Card title={`Trial submitted ${trial.submittedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · overlap ${overlap}`}>
      <div className="grid gap-4 md:grid-cols-2">
        <section aria-label="Planted flaw" className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
          <h3 className="text-sm font-semibold">Planted flaw</h3>
          <SpanInContext text={trial.text} start={trial.planted.start} end={trial.planted.end} label="planted span" />
          <p className="text-sm">{trial.planted.description}</p>
          <p className="text-xs text-slate-600">
            {trial.planted.category.toLowerCase()} · severity {severityLabel(trial.planted.severity)}
          </p>
        </section>
        <section aria-label="Evaluator's flaw" className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
          <h3 className="text-sm font-semibold">The evaluator marked</h3>
          <SpanInContext text={trial.text} start={trial.highlighted.start} end={trial.highlighted.end} label="highlighted span" />
          <p className="text-sm">{trial.highlighted.description}</p>
          <p className="text-xs text-slate-600">
            severity {trial.highlighted.severity === null ? '—' : severityLabel(trial.highlighted.severity)}
          </p>
        </section>
      </div>
      <div className="mt-3">
        <TrialReview projectId={projectId} trialId={trial.trialId} review={reviewTrialAction} />
      </div>
    </Card>
  );
}

/** The critique experiment (PRODUCT §3.4): its analysis for leads and researchers, and the lead's review queue of ambiguous trials. */
export default async function CritiqueEvalPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const reviewer = user.role === 'LEAD' || user.role === 'ADMIN';
  const [data, queue] = await Promise.all([
    getCritiqueEval({ projectId: project.id }),
    reviewer ? findTrialReviewQueue({ projectId: project.id }) : Promise.resolve([]),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Critique experiment</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Evaluators see an original response or its planted-flaw variant, with or without the model critiques of that text, by balanced
          randomization. Trials of excluded members are left out.
          {data.trialsOfRejected > 0
            ? ` So are ${data.trialsOfRejected} trial${data.trialsOfRejected === 1 ? '' : 's'} of perturbations a lead rejected after they ran: their planted flaw is not ground truth.`
            : ''}
        </p>
      </div>
      <CritiqueEvalReport data={data} />
      <CritiqueGapSection projectId={project.id} />
      {reviewer ? (
        <section aria-labelledby="queue-heading" className="flex flex-col gap-3">
          <h2 id="queue-heading" className="text-lg font-semibold">
            Review queue ({queue.length})
          </h2>
          <p className="max-w-3xl text-sm text-slate-600">
            Trials on a flawed text whose highlight only partly covers the planted span, or lies near it: does the evaluator’s description
            match the planted flaw?
          </p>
          {queue.length === 0 ? (
            <p className="text-sm text-slate-700">Nothing to review.</p>
          ) : (
            <ol className="flex flex-col gap-4">
              {queue.map((trial) => (
                <li key={trial.trialId}>
                  <ReviewItem projectId={project.id} trial={trial} />
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </div>
  );
}
