import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AdjudicationForm } from '@/components/dashboard/adjudication-form';
import { AdjudicationSummary } from '@/components/dashboard/adjudication-summary';
import { JudgmentsSideBySide } from '@/components/dashboard/judgments-side-by-side';
import { GoldBadge } from '@/components/items/gold-badge';
import { ItemConversation } from '@/components/items/item-conversation';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { getItemJudgments } from '@/lib/dashboard/get-item-judgments';
import { findFlagLabels } from '@/lib/taxonomy/find-flag-labels';
import { adjudicateItemAction } from '../../actions';

export const metadata: Metadata = { title: 'Adjudicate item' };

/** One item of the disagreement queue: every judgment side by side, the responses, and the lead's verdict. */
export default async function DashboardItemPage({ params }: { params: Promise<{ projectId: string; itemId: string }> }) {
  const { projectId, itemId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const view = await getItemJudgments({ projectId: project.id, itemId });
  if (!view) notFound();
  const flagLabels = await findFlagLabels({ projectId: project.id });
  const isLead = user.role === 'LEAD' || user.role === 'ADMIN';
  // Responses are numbered in their stored order, the same for every labeler (each saw their own shuffle).
  const names = new Map(view.responses.map((r, i) => [r.id, String(i + 1)]));
  const nameOf = (id: string) => names.get(id) ?? '?';
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}/dashboard#queue`} className="text-sm text-indigo-700 hover:underline">
          ← Disagreement queue
        </Link>
        <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold">
          <span>
            Item <span className="font-mono">{view.externalId ?? view.itemId}</span>
          </span>
          {view.isGold ? <GoldBadge /> : null}
        </h1>
        <p className="text-sm text-slate-600">
          {view.responses.length} responses · {view.judgments.length} {view.judgments.length === 1 ? 'judgment' : 'judgments'} ·{' '}
          {/* Underlined: a link inside a sentence must not rely on colour alone. */}
          <Link href={`/projects/${project.id}/items/${view.itemId}`} className="text-indigo-700 underline">
            item page
          </Link>
        </p>
      </div>
      <Card title="Judgments side by side">
        <JudgmentsSideBySide view={view} names={names} showNames={isLead} flagLabels={flagLabels} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <Card title="Conversation">
            <ItemConversation messages={view.messages} />
          </Card>
          <Card title={`Responses (${view.responses.length})`}>
            <div className="grid gap-4 xl:grid-cols-2">
              {view.responses.map((r) => (
                <article key={r.id} aria-labelledby={`response-${r.id}`} className="rounded-md border border-slate-200 p-3">
                  <header className="mb-2 flex flex-wrap items-baseline gap-x-4 text-xs text-slate-600">
                    <h3 id={`response-${r.id}`} className="text-sm font-semibold text-slate-900">
                      Response {nameOf(r.id)}
                    </h3>
                    <span>
                      Model <span className="font-mono text-slate-900">{r.modelId ?? 'unknown'}</span>
                    </span>
                  </header>
                  <div className="text-sm break-words whitespace-pre-wrap text-slate-900">{r.text}</div>
                </article>
              ))}
            </div>
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Adjudication">
            <div className="flex flex-col gap-4">
              <AdjudicationSummary adjudication={view.adjudication} nameOf={nameOf} />
              {isLead ? (
                <AdjudicationForm
                  projectId={project.id}
                  itemId={view.itemId}
                  responses={view.responses.map((r) => ({ id: r.id, name: nameOf(r.id) }))}
                  current={view.adjudication}
                  action={adjudicateItemAction}
                />
              ) : null}
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
