import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { JudgmentsSideBySide } from '@/components/dashboard/judgments-side-by-side';
import { GoldBadge } from '@/components/items/gold-badge';
import { GoldEditor } from '@/components/items/gold-editor';
import { ItemConversation } from '@/components/items/item-conversation';
import { ItemResponses, responseName } from '@/components/items/item-responses';
import { PriorityForm } from '@/components/items/priority-form';
import { SourceToggle } from '@/components/perturb/source-toggle';
import { ItemRequirementsForm } from '@/components/pool/lead-forms';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { getItemJudgments } from '@/lib/dashboard/get-item-judgments';
import { getItem } from '@/lib/items/get-item';
import { findItemSources } from '@/lib/perturb/find-item-sources';
import { getItemRequirements } from '@/lib/pool/get-item-requirements';
import { findFlagLabels } from '@/lib/taxonomy/find-flag-labels';
import { StepGoldCard } from '@/components/steps/step-gold-card';
import {
  clearItemGoldAction,
  clearStepGoldAction,
  setItemGoldAction,
  setItemPriorityAction,
  setPerturbSourceAction,
  setStepGoldAction,
} from '../actions';
import { setItemRequirementsAction } from '../../dashboard/pool/actions';

export const metadata: Metadata = { title: 'Item' };

export default async function ItemPage({ params }: { params: Promise<{ projectId: string; itemId: string }> }) {
  const { projectId, itemId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const item = await getItem({ projectId: project.id, itemId });
  if (!item) notFound();
  const [sources, requirements, judgments, flagLabels] = await Promise.all([
    findItemSources({ projectId: project.id, itemId: item.id }),
    getItemRequirements({ projectId: project.id, itemId: item.id }),
    getItemJudgments({ projectId: project.id, itemId: item.id }),
    findFlagLabels({ projectId: project.id }),
  ]);
  const isLead = user.role === 'LEAD' || user.role === 'ADMIN';
  const names = new Map(item.responses.map((r, i) => [r.id, responseName(r, i)]));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}/items`} className="text-sm text-indigo-700 hover:underline">
          ← Items of {project.name}
        </Link>
        <h1 className="mt-1 flex items-center gap-3 text-2xl font-semibold">
          <span className="font-mono">{item.externalId ?? item.id}</span>
          {item.isGold ? <GoldBadge /> : null}
        </h1>
        <p className="text-sm text-slate-600">
          {item.responses.length} responses · {item.labels} of {project.overlap} labels
          {item.excludedLabels > 0 ? ` (+${item.excludedLabels} from excluded labelers, not counted)` : ''} · priority {item.priority} ·
          added {item.createdAt.toISOString().slice(0, 10)}
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="flex min-w-0 flex-col gap-6">
          <Card title="Conversation">
            <ItemConversation messages={item.messages} />
          </Card>
          <Card title={`Responses (${item.responses.length})`}>
            <ItemResponses responses={item.responses} />
          </Card>
          <Card title="Labels">
            {judgments ? (
              <JudgmentsSideBySide
                view={judgments}
                names={new Map(judgments.responses.map((r, i) => [r.id, names.get(r.id) ?? String(i + 1)]))}
                showNames={isLead}
                flagLabels={flagLabels}
              />
            ) : null}
          </Card>
          <Card title="Metadata">
            <pre className="overflow-x-auto text-xs break-words whitespace-pre-wrap text-slate-800">
              {JSON.stringify(item.metadata, null, 2)}
            </pre>
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card title="Gold">
            {item.isGold ? (
              <div className="mb-4 flex flex-col gap-1 text-sm">
                <p>Reference ranking, best first:</p>
                <ol className="list-decimal pl-5 font-mono">
                  {(item.goldRanking ?? []).map((group, i) => (
                    <li key={i}>{group.map((id) => names.get(id) ?? id).join(' = ')}</li>
                  ))}
                </ol>
              </div>
            ) : (
              <p className="mb-4 text-sm text-slate-600">Not gold.</p>
            )}
            {isLead ? (
              <GoldEditor
                projectId={project.id}
                itemId={item.id}
                responses={item.responses.map((r) => ({ id: r.id, name: names.get(r.id) ?? r.id }))}
                isGold={item.isGold}
                goldRanking={item.goldRanking}
                setGold={setItemGoldAction}
                clearGold={clearItemGoldAction}
              />
            ) : null}
          </Card>
          <StepGoldCard
            projectId={project.id}
            itemId={item.id}
            isLead={isLead}
            setGold={setStepGoldAction}
            clearGold={clearStepGoldAction}
          />
          <Card title="Perturb sources">
            <p className="mb-2 text-xs text-slate-600">
              Responses labelers plant flaws in. With none marked, the project&apos;s Likert rule picks them (mean Likert of counted labels:
              excluded labelers&apos; scores never count).
            </p>
            <ul className="flex flex-col divide-y divide-slate-100">
              {sources.map((s) => {
                const name = names.get(s.responseId) ?? s.responseId;
                return (
                  <li key={s.responseId} className="flex items-center justify-between gap-2 py-2 text-sm">
                    <span>
                      <span className="font-mono">{name}</span>
                      {s.marked ? (
                        <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">source</span>
                      ) : null}
                      <span className="block text-xs text-slate-600">
                        {s.meanLikert === null ? 'no ratings' : `mean Likert ${s.meanLikert.toFixed(1)}`} · {s.perturbations} perturbation
                        {s.perturbations === 1 ? '' : 's'}
                      </span>
                    </span>
                    {isLead ? (
                      <SourceToggle
                        projectId={project.id}
                        responseId={s.responseId}
                        name={name}
                        marked={s.marked}
                        action={setPerturbSourceAction}
                      />
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </Card>
          <Card title="Priority">
            {isLead ? (
              <PriorityForm projectId={project.id} itemId={item.id} priority={item.priority} action={setItemPriorityAction} />
            ) : (
              <p className="text-sm">{item.priority}</p>
            )}
          </Card>
          <Card title="Routing">
            <p className="mb-2 text-xs text-slate-600">
              Only labelers whose profile matches are handed this item (plus any project-wide requirement).
            </p>
            {isLead && requirements ? (
              <ItemRequirementsForm projectId={project.id} itemId={item.id} value={requirements} action={setItemRequirementsAction} />
            ) : (
              <p className="text-sm">
                {[requirements?.requiredLanguage, requirements?.requiredExpertise].filter(Boolean).join(' · ') || 'Open to everyone.'}
              </p>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
