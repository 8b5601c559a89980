import type { Metadata } from 'next';
import Link from 'next/link';
import { PromptView } from '@/components/label/prompt-view';
import { ChangeDiff, SpanText } from '@/components/perturb/change-diff';
import { PerturbationReview } from '@/components/perturb/perturbation-review';
import { Card } from '@/components/ui/card';
import { Pagination, pageParam } from '@/components/ui/pagination';
import { StatusTabs } from '@/components/ui/status-tabs';
import type { PerturbationStatus } from '@/generated/prisma/enums';
import { requireProjectMember } from '@/lib/auth/session';
import { wordDiff } from '@/lib/diff/word-diff';
import { findPerturbations } from '@/lib/perturb/find-perturbations';
import { reviewPerturbationAction } from './actions';
import { severityLabel } from '@/lib/taxonomy/severity';
import { lastUserTurn, truncatePrompt } from '@/lib/items/prompt-name';

export const metadata: Metadata = { title: 'Perturbations' };

const STATUSES: PerturbationStatus[] = ['SUBMITTED', 'ACCEPTED', 'REJECTED'];
const STATUS_LABEL: Record<PerturbationStatus, string> = { SUBMITTED: 'To review', ACCEPTED: 'Accepted', REJECTED: 'Rejected' };
const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

type Messages = { role: string; content: string }[];

/** The lead's review of the project's perturbations (PRODUCT §3.3): accept (a detect source) or reject with a reason. */
export default async function PerturbationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ status?: string; page?: string }>;
}) {
  const [{ projectId }, { status: rawStatus, page: rawPage }] = await Promise.all([params, searchParams]);
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const status = STATUSES.find((s) => s === rawStatus) ?? 'SUBMITTED';
  const list = await findPerturbations({ projectId: project.id, status, page: pageParam(rawPage) });
  const perturbations = list.rows;
  const listHref = (page: number) => `/projects/${project.id}/perturbations?status=${status}${page > 1 ? `&page=${page}` : ''}`;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Perturbations</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Flawed versions of good responses, written by labelers or imported. Only accepted ones are used in detection trials. A rejected
          one shows its reason to its author on My work. The planted span is worked out from the difference, never typed.
        </p>
      </div>
      <StatusTabs
        href={`/projects/${project.id}/perturbations`}
        statuses={STATUSES}
        labels={STATUS_LABEL}
        current={status}
        counts={list.counts}
      />
      {perturbations.length === 0 ? (
        <Card>
          <p className="text-slate-700">No perturbations here.</p>
        </Card>
      ) : (
        <ol className="flex flex-col gap-4">
          {perturbations.map((p) => (
            <li key={p.id}>
              <Card title={`${truncatePrompt(lastUserTurn(p.messages), 70) || p.itemExternalId || 'Item'} · by ${p.author ?? 'an import'}`}>
                <div className="flex flex-col gap-3">
                  <p className="text-xs text-slate-600">
                    {p.externalId ? `Imported as ${p.externalId} · ` : ''}Submitted {when(p.createdAt)}
                    {p.durationMs > 0 ? ` · ${Math.round(p.durationMs / 1000)} s active` : ''}
                    {p.reviewedAt ? ` · reviewed ${when(p.reviewedAt)}` : ''} · critiques: {p.critiques.original} of the original,{' '}
                    {p.critiques.flawed} of the flawed text
                    {p.trials > 0 ? ` · ${p.trials} detection trial${p.trials === 1 ? '' : 's'}` : ''}
                  </p>
                  {p.status === 'ACCEPTED' && p.trials > 0 ? (
                    <p className="text-sm text-amber-900">
                      Rejecting it now takes its {p.trials} submitted trial{p.trials === 1 ? '' : 's'} out of the analysis and the
                      detect-trials export (accepting it again brings them back).
                    </p>
                  ) : null}
                  {p.status === 'REJECTED' && p.trials > 0 ? (
                    <p className="text-sm text-slate-700">
                      {p.trials === 1 ? 'Its submitted trial is' : `Its ${p.trials} submitted trials are`} left out of the analysis and the
                      exports while it stays rejected.
                    </p>
                  ) : null}
                  <details>
                    <summary className="cursor-pointer text-sm font-medium text-slate-800">Conversation</summary>
                    <div className="mt-2">
                      <PromptView messages={p.messages as Messages} />
                    </div>
                  </details>
                  <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                    <dt className="font-medium text-slate-700">Flaw</dt>
                    <dd className="whitespace-pre-wrap text-slate-900">{p.description}</dd>
                    <dt className="font-medium text-slate-700">Category</dt>
                    <dd className="text-slate-900">{p.category.toLowerCase()}</dd>
                    <dt className="font-medium text-slate-700">Severity</dt>
                    <dd className="text-slate-900">{severityLabel(p.severity)}</dd>
                    <dt className="font-medium text-slate-700">Missable because</dt>
                    <dd className="whitespace-pre-wrap text-slate-900">{p.missableBecause}</dd>
                  </dl>
                  <div className="flex flex-col gap-1">
                    <h3 className="text-sm font-medium text-slate-800">Change (original → flawed)</h3>
                    <ChangeDiff segments={wordDiff(p.originalText, p.flawedText)} label={`Change of perturbation ${p.id.slice(0, 8)}`} />
                  </div>
                  <div className="grid gap-3 lg:grid-cols-2">
                    <div className="flex flex-col gap-1">
                      <h3 className="text-sm font-medium text-slate-800">Original, changed span marked</h3>
                      <SpanText
                        text={p.originalText}
                        start={p.originalStart}
                        end={p.originalEnd}
                        label={`Original of perturbation ${p.id.slice(0, 8)}`}
                      />
                    </div>
                    <div className="flex flex-col gap-1">
                      <h3 className="text-sm font-medium text-slate-800">Flawed, planted span marked</h3>
                      <SpanText
                        text={p.flawedText}
                        start={p.flawedStart}
                        end={p.flawedEnd}
                        label={`Flawed text of perturbation ${p.id.slice(0, 8)}`}
                      />
                    </div>
                  </div>
                  {p.reviewNote ? <p className="text-sm text-slate-800">Review note: {p.reviewNote}</p> : null}
                  <PerturbationReview projectId={project.id} perturbationId={p.id} review={reviewPerturbationAction} />
                </div>
              </Card>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} hrefFor={listHref} />
    </div>
  );
}
