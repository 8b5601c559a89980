import Link from 'next/link';
import type { FormState } from '@/lib/forms/form-state';
import type { ConnectionTestState, SamplingParams } from '@/lib/models/schemas';
import { ArchiveConnectionButton } from '@/components/models/archive-connection-button';
import { TestConnectionButton } from '@/components/models/test-connection-button';

export type ConnectionListRow = {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  apiKeyHint: string | null;
  hasApiKey: boolean;
  params: SamplingParams;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  timeoutMs: number;
  shared: boolean;
  editable: boolean;
};

type Props = {
  connections: ConnectionListRow[];
  /** The screen's URL: "?edit=<id>" opens the edit form. */
  basePath: string;
  projectId?: string;
  testAction: (state: ConnectionTestState, data: FormData) => Promise<ConnectionTestState>;
  archiveAction: (state: FormState, data: FormData) => Promise<FormState>;
};

/** "…abcd" for a stored key (the hint), never the key. */
export function keyLabel(row: Pick<ConnectionListRow, 'apiKeyHint' | 'hasApiKey'>): string {
  if (!row.hasApiKey) return 'none';
  return row.apiKeyHint ? `…${row.apiKeyHint}` : 'set';
}

const paramsText = (params: SamplingParams) =>
  Object.entries(params)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.map((v) => JSON.stringify(v)).join(', ') : String(value)}`)
    .join(' · ') || "the server's defaults";

/** The live connections of a screen, each with its test, edit and archive. */
export function ConnectionList({ connections, basePath, projectId, testAction, archiveAction }: Props) {
  if (connections.length === 0) return <p className="text-sm text-slate-600">No model connections yet.</p>;
  return (
    <ul className="flex flex-col gap-3" aria-label="Model connections">
      {connections.map((c) => (
        <li key={c.id} aria-label={c.name} className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="flex min-w-0 flex-col gap-0.5">
              <p className="font-medium text-slate-900">
                {c.name}
                {c.shared ? (
                  <span className="ml-2 rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800">shared</span>
                ) : null}
              </p>
              <p className="break-all font-mono text-xs text-slate-600">
                {c.model} @ {c.baseUrl}
              </p>
              <p className="text-xs text-slate-600">
                Key {keyLabel(c)} · at most {c.maxConcurrency} at once ·{' '}
                {c.requestsPerMinute === null ? 'no rate limit' : `${c.requestsPerMinute} requests/min`} · timeout {c.timeoutMs / 1000} s
              </p>
              <p className="text-xs text-slate-600">Defaults: {paramsText(c.params)}</p>
            </div>
            {c.editable ? (
              <div className="flex items-center gap-2">
                <Link
                  href={`${basePath}?edit=${c.id}`}
                  aria-label={`Edit ${c.name}`}
                  className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
                >
                  Edit
                </Link>
                <ArchiveConnectionButton projectId={projectId} connectionId={c.id} name={c.name} action={archiveAction} />
              </div>
            ) : (
              <span className="text-xs text-slate-500">managed by an administrator</span>
            )}
          </div>
          <TestConnectionButton projectId={projectId} connectionId={c.id} name={c.name} action={testAction} />
        </li>
      ))}
    </ul>
  );
}
