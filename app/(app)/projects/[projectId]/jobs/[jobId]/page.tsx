import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { AutoRefresh } from '@/components/generation/auto-refresh';
import { JobButtons } from '@/components/generation/job-buttons';
import { JobProgress } from '@/components/generation/job-progress';
import { requireProjectMember } from '@/lib/auth/session';
import { getGenerationJob } from '@/lib/generation/get-generation-job';
import { cancelJobAction, resumeJobAction } from '../actions';
import { JOB_KIND_TITLES } from '@/lib/generation/job-kind-titles';

export const metadata: Metadata = { title: 'Job' };

/** One generation job: live progress bar, rate, estimate, tokens, errors by reason, cancel or resume. Leads only. */
export default async function JobPage({ params }: { params: Promise<{ projectId: string; jobId: string }> }) {
  const { projectId, jobId } = await params;
  const { project } = await requireProjectMember(projectId, ['LEAD']);
  const job = z.uuid().safeParse(jobId).success ? await getGenerationJob({ projectId: project.id, jobId }) : null;
  if (!job) notFound();
  const open = job.status === 'QUEUED' || job.status === 'RUNNING';
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-6 p-6">
      <AutoRefresh active={open} />
      <div>
        <Link href={`/projects/${project.id}/jobs`} className="text-sm text-indigo-700 underline">
          Jobs of {project.name}
        </Link>
        <h1 className="text-2xl font-semibold">{JOB_KIND_TITLES[job.kind]?.title ?? job.kind}</h1>
        <p className="text-sm text-slate-600">
          {job.connections.map((c) => `${c.name} (${c.model})`).join(', ')} · {job.samples} per {JOB_KIND_TITLES[job.kind]?.per ?? 'task'}
          {job.templateVersion !== null ? ` · ${JOB_KIND_TITLES[job.kind]?.template ?? 'template'} version ${job.templateVersion}` : ''}
          {Object.keys(job.params).length > 0 ? ` · ${JSON.stringify(job.params)}` : ''} · started by {job.createdBy ?? 'someone'}
        </p>
      </div>
      <JobProgress job={job} label="Job progress" />
      <JobButtons projectId={project.id} jobId={job.id} status={job.status} cancel={cancelJobAction} resume={resumeJobAction} />
      <section aria-labelledby="errors-heading" className="flex flex-col gap-2">
        <h2 id="errors-heading" className="text-lg font-semibold">
          Errors
        </h2>
        {job.reasons.length === 0 ? (
          <p className="text-sm text-slate-600">None.</p>
        ) : (
          <table className="text-sm">
            <thead>
              <tr className="text-left">
                <th className="pr-4">Reason</th>
                <th className="pr-4">Server’s message</th>
                <th className="pr-4">Requests</th>
                <th>Failed for good</th>
              </tr>
            </thead>
            <tbody>
              {job.reasons.map((r) => (
                <tr key={`${r.kind}:${r.message}`}>
                  <td className="pr-4 align-top">{r.kind.replaceAll('_', ' ')}</td>
                  <td className="pr-4 align-top font-mono text-xs break-words whitespace-pre-wrap">{r.message}</td>
                  <td className="pr-4 align-top tabular-nums">{r.tasks}</td>
                  <td className="align-top tabular-nums">{r.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
