import type { Metadata } from 'next';
import Link from 'next/link';
import { after } from 'next/server';
import { z } from 'zod';
import { CreateSnapshotForm } from '@/components/export/create-snapshot-form';
import { DatasetCardForm } from '@/components/export/dataset-card-form';
import { DeliveryTable } from '@/components/export/delivery-table';
import { RefreshWhileBuilding } from '@/components/export/refresh-while-building';
import { RemoveWebhookButton } from '@/components/export/remove-webhook-button';
import { SnapshotTable } from '@/components/export/snapshot-table';
import { WebhookForm } from '@/components/export/webhook-form';
import { SnapshotHealthSection } from '@/components/health/snapshot-health';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { findAspectNames } from '@/lib/export/find-aspect-names';
import { findConversationCount } from '@/lib/export/find-conversation-count';
import { findExportSnapshots } from '@/lib/export/find-export-snapshots';
import { findSnapshotHealth } from '@/lib/export/find-snapshot-health';
import { getDatasetCardSettings } from '@/lib/export/get-dataset-card-settings';
import type { ExportOptionsRecord } from '@/lib/export/schemas';
import { sweepExportWork } from '@/lib/export/sweep-export-work';
import { getCurrentTaxonomy } from '@/lib/taxonomy/get-current-taxonomy';
import { isPositiveFlag } from '@/lib/taxonomy/is-positive-flag';
import { getProjectWebhook } from '@/lib/webhooks/get-project-webhook';
import { createSnapshotAction, deleteSnapshotAction, removeWebhookAction, setDatasetCardAction, setWebhookAction } from './actions';

export const metadata: Metadata = { title: 'Export' };

type Props = { params: Promise<{ projectId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ExportPage({ params, searchParams }: Props) {
  const { projectId } = await params;
  const picked = z.uuid().safeParse((await searchParams).snapshot);
  const { user, project } = await requireProjectMember(projectId, ['RESEARCHER', 'LEAD']);
  const isLead = user.role === 'LEAD' || user.role === 'ADMIN';
  const [snapshots, taxonomy, webhook, conversations, card, aspects, health] = await Promise.all([
    findExportSnapshots({ projectId: project.id }),
    getCurrentTaxonomy({ projectId: project.id }),
    getProjectWebhook({ projectId: project.id, revealUrl: isLead }),
    findConversationCount({ projectId: project.id }),
    getDatasetCardSettings({ projectId: project.id }),
    findAspectNames({ projectId: project.id }),
    findSnapshotHealth({ projectId: project.id, snapshotId: picked.success ? picked.data : null }),
  ]);
  after(sweepExportWork);
  const rows = snapshots.map((s) => ({
    ...s,
    options: s.options as unknown as ExportOptionsRecord,
    createdBy: s.createdBy?.name ?? null,
    canDelete: isLead || s.createdById === user.id,
  }));
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Export</h1>
        <p className="text-sm text-slate-600">
          Each snapshot is a fixed file: downloading it again gives the same bytes (its sha256 is the ETag). Machine clients use{' '}
          <code className="font-mono text-xs">/api/v1/projects/{project.id}/snapshots</code> with a token that has the{' '}
          <code className="font-mono text-xs">export</code> scope.
        </p>
      </div>
      <RefreshWhileBuilding active={rows.some((s) => s.status === 'BUILDING')} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
        <Card title="New snapshot">
          <CreateSnapshotForm
            projectId={project.id}
            flags={taxonomy.responseFlags.map((f) => ({ key: f.key, label: f.label, positive: isPositiveFlag(f) }))}
            defaultFormat={conversations > 0 ? 'pairs-chat' : 'pairs'}
            conversations={conversations}
            action={createSnapshotAction}
            aspects={aspects}
          />
        </Card>
        <div className="flex flex-col gap-6">
          <Card title={`Snapshots (${rows.length})`}>
            <SnapshotTable projectId={project.id} snapshots={rows} deleteAction={deleteSnapshotAction} />
          </Card>
          <SnapshotHealthSection snapshot={health} />
          <Card title="Dataset card">
            {isLead ? (
              <DatasetCardForm projectId={project.id} license={card.license} languages={card.languages} action={setDatasetCardAction} />
            ) : (
              <p className="text-sm text-slate-700">
                Licence {card.license ?? 'not set'}; languages {card.languages.length > 0 ? card.languages.join(', ') : 'not set'}. A lead
                sets what the dataset cards declare.
              </p>
            )}
          </Card>
          <Card
            title="Trainer webhook"
            actions={isLead && webhook ? <RemoveWebhookButton projectId={project.id} action={removeWebhookAction} /> : undefined}
          >
            <div className="flex flex-col gap-4">
              {isLead ? (
                <WebhookForm projectId={project.id} url={webhook?.url ?? null} action={setWebhookAction} />
              ) : (
                <p className="text-sm text-slate-700">
                  {webhook ? <span className="font-mono text-xs">{webhook.url}</span> : 'No webhook: a lead can set one.'}
                </p>
              )}
              {webhook ? (
                <>
                  <p className="text-xs text-slate-500">
                    Secret <span className="font-mono">{webhook.secretPrefix}…</span>, set {webhook.updatedAt.toISOString().slice(0, 10)}.
                    Failed deliveries are retried after 1 min, 5 min, 30 min and 2 h, then given up.
                  </p>
                  <DeliveryTable deliveries={webhook.deliveries} />
                </>
              ) : null}
            </div>
          </Card>
        </div>
      </div>
    </div>
  );
}
