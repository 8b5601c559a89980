import type { Metadata } from 'next';
import Link from 'next/link';
import { FORMAT_CHOICES, FORMAT_EXAMPLES } from '@/components/import/import-formats';
import { ImportForm } from '@/components/import/import-form';
import { RecentImports } from '@/components/import/recent-imports';
import { Card } from '@/components/ui/card';
import { requireProjectMember } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { findImportJobs } from '@/lib/import/find-import-jobs';
import { IMPORT_FORMATS } from '@/lib/import/types';

export const metadata: Metadata = { title: 'Import' };

export default async function ImportPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const jobs = await findImportJobs({ projectId: project.id, limit: 5 });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link href={`/projects/${project.id}`} className="text-sm text-indigo-700 hover:underline">
          ← {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">Import prompts and responses</h1>
        <p className="text-sm text-slate-600">
          All or nothing: a file with any bad row imports nothing and lists the problems, unless you choose to skip invalid rows. Rows
          already imported unchanged are skipped, so uploading a file twice is safe. Items need {project.minResponses}–
          {project.maxResponses} responses in this project.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <div className="flex flex-col gap-6">
          <Card title="Upload a file">
            <ImportForm
              uploadUrl={`/projects/${project.id}/import/upload`}
              maxBytes={getEnv().IMPORT_MAX_BYTES}
              itemsHref={`/projects/${project.id}/items`}
            />
          </Card>
          <Card title="Recent imports">
            <RecentImports jobs={jobs} jobsUrl={`/projects/${project.id}/import/jobs`} itemsHref={`/projects/${project.id}/items`} />
          </Card>
        </div>
        <Card title="Formats">
          <div className="flex flex-col gap-4 text-sm">
            <p className="text-slate-600">
              One JSON object per line, or the same columns in a Parquet file (lists of {'{role, content}'} as nested lists), or a Hugging
              Face dataset folder zipped (README.md declaring configs and splits, data/ shards in Parquet or JSON Lines; each row keeps its
              split as metadata). One example row of each format:
            </p>
            {IMPORT_FORMATS.map((format) => {
              const choice = FORMAT_CHOICES.find((c) => c.value === format);
              return (
                <section key={format} aria-labelledby={`format-${format}`}>
                  <h3 id={`format-${format}`} className="font-medium text-slate-900">
                    {choice?.label} <span className="font-mono text-xs text-slate-500">{format}</span>
                  </h3>
                  <p className="text-xs text-slate-600">{choice?.help}</p>
                  <pre className="mt-1 whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">
                    {JSON.stringify(FORMAT_EXAMPLES[format])}
                  </pre>
                </section>
              );
            })}
          </div>
        </Card>
      </div>
    </div>
  );
}
