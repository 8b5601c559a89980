import type { Metadata } from 'next';
import Link from 'next/link';
import { ConnectionForm } from '@/components/models/connection-form';
import { ConnectionList } from '@/components/models/connection-list';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { findManagedModelConnections } from '@/lib/models/find-managed-model-connections';
import {
  archiveModelConnectionAction,
  saveModelConnectionAction,
  testModelConnectionFormAction,
  testSavedModelConnectionAction,
} from './actions';

export const metadata: Metadata = { title: 'Model connections' };

/** A project's model connections (its own, and the shared ones it may use): the lead adds, edits, tests and archives them. */
export default async function ModelConnectionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ projectId: string }>;
  searchParams: Promise<{ edit?: string | string[] }>;
}) {
  const { projectId } = await params;
  const { edit } = await searchParams;
  const { user, project } = await requireProjectMember(projectId, ['LEAD']);
  const connections = await findManagedModelConnections({ actor: user, projectId: project.id });
  const basePath = `/projects/${project.id}/settings/models`;
  const editing = typeof edit === 'string' ? connections.find((c) => c.id === edit && c.editable) : undefined;
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}/settings`} className="text-sm text-indigo-700 hover:underline">
          ← Task settings of {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Model connections</h1>
        <p className="max-w-3xl text-sm text-slate-600">
          Servers speaking the OpenAI Chat Completions API (vLLM, TGI, llama.cpp’s server, Ollama, LiteLLM, OpenAI) that generate responses
          and critiques for this project. Shared connections are set up by an administrator and usable by every project.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_26rem]">
        <Card title={`Connections (${connections.length})`}>
          <ConnectionList
            connections={connections}
            basePath={basePath}
            projectId={project.id}
            testAction={testSavedModelConnectionAction}
            archiveAction={archiveModelConnectionAction}
          />
        </Card>
        <Card title={editing ? `Edit ${editing.name}` : 'Add a connection'}>
          <ConnectionForm
            key={editing?.id ?? 'new'}
            projectId={project.id}
            connection={editing}
            cancelHref={editing ? basePath : undefined}
            saveAction={saveModelConnectionAction}
            testAction={testModelConnectionFormAction}
          />
        </Card>
      </div>
    </div>
  );
}
