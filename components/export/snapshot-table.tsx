import type { FormState } from '@/lib/forms/form-state';
import type { ExportOptionsRecord } from '@/lib/export/schemas';
import { DeleteSnapshotButton } from '@/components/export/delete-snapshot-button';
import { formatBytes, summarizeOptions } from '@/components/export/options-summary';
import { PAIR_FORMATS } from '@/lib/export/types';

const isPairFormat = (format: string) => (PAIR_FORMATS as readonly string[]).includes(format);

export type SnapshotRowView = {
  id: string;
  format: string;
  options: ExportOptionsRecord;
  status: 'BUILDING' | 'READY' | 'FAILED';
  itemsDone: number;
  itemsTotal: number;
  rowCount: number;
  splitCounts: { train?: number; validation?: number };
  byteSize: number;
  sha256: string | null;
  error: string | null;
  createdAt: Date;
  createdBy: string | null;
  canDelete: boolean;
};

type Props = { projectId: string; snapshots: SnapshotRowView[]; deleteAction: (state: FormState, data: FormData) => Promise<FormState> };

function Status({ s }: { s: SnapshotRowView }) {
  if (s.status === 'READY') return <span className="text-emerald-700">Ready</span>;
  if (s.status === 'FAILED') return <span className="text-red-700">Failed: {s.error}</span>;
  const percent = s.itemsTotal > 0 ? Math.floor((s.itemsDone / s.itemsTotal) * 100) : 0;
  return (
    <div className="flex min-w-32 flex-col gap-1">
      <progress max={100} value={percent} aria-label={`Building ${s.format} snapshot`} className="h-2 w-full" />
      <span className="font-mono text-xs text-slate-600">
        {percent}% · {s.rowCount.toLocaleString('en')} rows
      </span>
    </div>
  );
}

/** Why a snapshot has rows but no validation rows: the split is by prompt hash, and few prompts may all land in train. */
function emptyValidationNote(share: number): string {
  if (share === 0) return 'No validation rows: the validation share is 0.';
  return `No validation rows: about ${Math.round(share * 1000) / 10}% of prompts go to validation, chosen by a hash of the prompt, and this export has too few prompts for one to land there. Label more prompts or raise the validation share.`;
}

/** The project's snapshots, newest first, with download links (the folder, its card, its manifest) and delete. */
export function SnapshotTable({ projectId, snapshots, deleteAction }: Props) {
  if (snapshots.length === 0) return <p className="text-sm text-slate-600">No snapshots yet. Create one above.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pr-3">Format</th>
            <th className="py-2 pr-3">Options</th>
            <th className="py-2 pr-3">Status</th>
            <th className="py-2 pr-3 text-right">Rows</th>
            <th className="py-2 pr-3 text-right">Size</th>
            <th className="py-2 pr-3">sha256</th>
            <th className="py-2 pr-3">By</th>
            <th className="py-2 pr-3">Created</th>
            <th className="py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {snapshots.map((s) => {
            const label = `${s.format} snapshot of ${s.createdAt.toISOString().replace('T', ' ').slice(0, 19)}`;
            return (
              <tr key={s.id} className="border-t border-slate-100 align-top" aria-label={label}>
                <td className="py-2 pr-3 font-mono">{s.format}</td>
                <td className="py-2 pr-3 text-xs text-slate-700">{summarizeOptions(s.format, s.options)}</td>
                <td className="py-2 pr-3">
                  <Status s={s} />
                </td>
                <td className="py-2 pr-3 text-right font-mono">
                  {s.status === 'READY' ? (
                    <span title={`train ${s.splitCounts.train ?? 0}, validation ${s.splitCounts.validation ?? 0}`}>
                      {s.rowCount.toLocaleString('en')}
                      <span className="block text-xs text-slate-500">
                        {(s.splitCounts.train ?? 0).toLocaleString('en')} / {(s.splitCounts.validation ?? 0).toLocaleString('en')}
                      </span>
                    </span>
                  ) : null}
                  {s.status === 'READY' && s.rowCount > 0 && (s.splitCounts.validation ?? 0) === 0 ? (
                    <span className="block max-w-48 text-left font-sans text-xs text-amber-800">
                      {emptyValidationNote(s.options.validation_share)}
                    </span>
                  ) : null}
                </td>
                <td className="py-2 pr-3 text-right">{s.status === 'READY' ? formatBytes(s.byteSize) : null}</td>
                <td className="py-2 pr-3 font-mono text-xs" title={s.sha256 ?? undefined}>
                  {s.sha256?.slice(0, 12)}
                </td>
                <td className="py-2 pr-3">{s.createdBy ?? 'CLI'}</td>
                <td className="py-2 pr-3 whitespace-nowrap text-xs">{s.createdAt.toISOString().replace('T', ' ').slice(0, 16)} UTC</td>
                <td className="py-2 whitespace-nowrap text-right">
                  <div className="flex flex-col items-end gap-1">
                    {s.status === 'READY' ? (
                      <>
                        <a
                          href={`/projects/${projectId}/export/${s.id}/download`}
                          download
                          className="text-xs text-indigo-700 hover:underline"
                          aria-label={`Download ${label}`}
                        >
                          Download
                        </a>
                        <a
                          href={`/projects/${projectId}/export/${s.id}/download?file=README.md`}
                          download
                          className="text-xs text-indigo-700 hover:underline"
                          aria-label={`Dataset card of ${label}`}
                        >
                          Card
                        </a>
                        <a
                          href={`/projects/${projectId}/export/${s.id}/download?file=manifest.json`}
                          download
                          className="text-xs text-indigo-700 hover:underline"
                          aria-label={`Manifest of ${label}`}
                        >
                          Manifest
                        </a>
                        {isPairFormat(s.format) ? (
                          <a
                            href={`/projects/${projectId}/export?snapshot=${s.id}#health`}
                            className="text-xs text-indigo-700 hover:underline"
                            aria-label={`Dataset health of ${label}`}
                          >
                            Health
                          </a>
                        ) : null}
                      </>
                    ) : null}
                    {s.canDelete ? (
                      <DeleteSnapshotButton projectId={projectId} snapshotId={s.id} label={label} action={deleteAction} />
                    ) : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
