import type { Metadata } from 'next';
import Link from 'next/link';
import { DemonstrationReview } from '@/components/demonstrate/demonstration-review';
import { PromptView } from '@/components/label/prompt-view';
import { Card } from '@/components/ui/card';
import { Pagination, pageParam } from '@/components/ui/pagination';
import { StatusTabs } from '@/components/ui/status-tabs';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import type { DemonstrationStatus } from '@/generated/prisma/enums';
import { requireProjectMember } from '@/lib/auth/session';
import { findDemonstrations } from '@/lib/demonstrations/find-demonstrations';
import { reviewDemonstrationAction } from './actions';
import { lastUserTurn, truncatePrompt } from '@/lib/items/prompt-name';

export const metadata: Metadata = { title: 'Demonstrations' };

const STATUSES: DemonstrationStatus[] = ['SUBMITTED', 'ACCEPTED', 'REJECTED'];
const STATUS_LABEL: Record<DemonstrationStatus, string> = { SUBMITTED: 'To review', ACCEPTED: 'Accepted', REJECTED: 'Rejected' };
const when = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

type Messages = { role: string; content: string }[];

/** The lead's review of the project's demonstrations (PRODUCT §3.2): accept, reject with a reason, or edit. */
export default async function DemonstrationsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ status?: string; page?: string }>;
}) {
  const [{ projectId }, { status: rawStatus, page: rawPage }] = await Promise.all([params, searchParams]);
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const status = STATUSES.find((s) => s === rawStatus) ?? 'SUBMITTED';
  const list = await findDemonstrations({ projectId: project.id, status, page: pageParam(rawPage) });
  const demonstrations = list.rows;
  const listHref = (page: number) => `/projects/${project.id}/demonstrations?status=${status}${page > 1 ? `&page=${page}` : ''}`;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Demonstrations</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Only accepted demonstrations are exported (sft), with your edit when you made one. A rejected one shows its reason to the labeler
          on My work.
        </p>
      </div>
      <StatusTabs
        href={`/projects/${project.id}/demonstrations`}
        statuses={STATUSES}
        labels={STATUS_LABEL}
        current={status}
        counts={list.counts}
      />
      {demonstrations.length === 0 ? (
        <Card>
          <p className="text-slate-700">No demonstrations here.</p>
        </Card>
      ) : (
        <ol className="flex flex-col gap-4">
          {demonstrations.map((d) => (
            <li key={d.id}>
              <Card title={`${truncatePrompt(lastUserTurn(d.messages), 70) || d.itemExternalId || 'Item'} · by ${d.labeler}`}>
                <div className="flex flex-col gap-3">
                  <p className="text-xs text-slate-600">
                    Submitted {when(d.createdAt)} · {Math.round(d.durationMs / 1000)} s active
                    {d.reviewedAt ? ` · reviewed ${when(d.reviewedAt)}` : ''}
                  </p>
                  <details>
                    <summary className="cursor-pointer text-sm font-medium text-slate-800">Conversation</summary>
                    <div className="mt-2">
                      <PromptView messages={d.messages as Messages} />
                    </div>
                  </details>
                  <section aria-label="Demonstration" className="rounded-md border border-emerald-200 bg-emerald-50/40 p-3">
                    <p className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
                      {d.editedText ? 'Edited by a lead' : 'As written'}
                    </p>
                    <SafeMarkdown text={d.editedText ?? d.text} />
                  </section>
                  {d.editedText ? (
                    <details>
                      <summary className="cursor-pointer text-sm text-slate-700">The labeler&apos;s original</summary>
                      <div className="mt-2 rounded-md border border-slate-200 p-3">
                        <SafeMarkdown text={d.text} />
                      </div>
                    </details>
                  ) : null}
                  {d.reviewNote ? <p className="text-sm text-slate-800">Review note: {d.reviewNote}</p> : null}
                  <DemonstrationReview
                    projectId={project.id}
                    demonstrationId={d.id}
                    text={d.editedText ?? d.text}
                    review={reviewDemonstrationAction}
                  />
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
