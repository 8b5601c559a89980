import type { Metadata } from 'next';
import { ConnectionForm } from '@/components/models/connection-form';
import { ConnectionList } from '@/components/models/connection-list';
import { Card } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/session';
import { findManagedModelConnections } from '@/lib/models/find-managed-model-connections';
import {
  archiveSharedModelConnectionAction,
  saveSharedModelConnectionAction,
  testSavedSharedModelConnectionAction,
  testSharedModelConnectionFormAction,
} from './actions';

export const metadata: Metadata = { title: 'Shared model connections' };

const PATH = '/admin/model-connections';

/** The admin's shared connections: every project's leads may use them (never see their keys), only admins change them. */
export default async function SharedModelConnectionsPage({ searchParams }: { searchParams: Promise<{ edit?: string | string[] }> }) {
  const admin = await requireRole('ADMIN');
  const { edit } = await searchParams;
  const connections = await findManagedModelConnections({ actor: admin, projectId: null });
  const editing = typeof edit === 'string' ? connections.find((c) => c.id === edit) : undefined;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Shared model connections</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Chat Completions servers every project may use for generation (a lead sees the name, model and address, never the key). A
          project’s own connections are on its settings.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_26rem]">
        <Card title={`Shared connections (${connections.length})`}>
          <ConnectionList
            connections={connections}
            basePath={PATH}
            testAction={testSavedSharedModelConnectionAction}
            archiveAction={archiveSharedModelConnectionAction}
          />
        </Card>
        <Card title={editing ? `Edit ${editing.name}` : 'Add a shared connection'}>
          <ConnectionForm
            key={editing?.id ?? 'new'}
            connection={editing}
            cancelHref={editing ? PATH : undefined}
            saveAction={saveSharedModelConnectionAction}
            testAction={testSharedModelConnectionFormAction}
          />
        </Card>
      </div>
    </div>
  );
}
