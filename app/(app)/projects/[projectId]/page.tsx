import type { Metadata } from 'next';
import Link from 'next/link';
import { InviteLabelerForm } from '@/components/projects/invite-labeler-form';
import { MemberForm } from '@/components/projects/member-form';
import { RemoveMemberButton } from '@/components/projects/remove-member-button';
import { Card } from '@/components/ui/card';
import { SafeMarkdown } from '@/components/ui/safe-markdown';
import { requireProjectMember } from '@/lib/auth/session';
import { findMembers } from '@/lib/projects/find-members';
import { addMemberAction, createInviteAction, removeMemberAction } from './actions';

export const metadata: Metadata = { title: 'Project' };

export default async function ProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { user, project } = await requireProjectMember(projectId, ['LEAD', 'RESEARCHER']);
  const members = await findMembers({ projectId: project.id });
  const isLead = user.role === 'LEAD' || user.role === 'ADMIN';
  return (
    <div className="flex flex-col gap-6">
      <div>
        <p className="font-mono text-xs text-slate-500">{project.slug}</p>
        <h1 className="text-2xl font-semibold">{project.name}</h1>
        <p className="text-sm text-slate-600">
          Overlap {project.overlap} · {project.minResponses}–{project.maxResponses} responses per item
        </p>
        <nav aria-label="Project" className="mt-3 flex gap-2 text-sm">
          <Link
            href={`/projects/${project.id}/dashboard`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
          >
            Dashboard
          </Link>
          <Link
            href={`/projects/${project.id}/items`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
          >
            Items
          </Link>
          <Link
            href={`/projects/${project.id}/export`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
          >
            Export
          </Link>
          <Link
            href={`/projects/${project.id}/critique-eval`}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
          >
            Critique experiment
          </Link>
          {isLead ? (
            <>
              <Link
                href={`/projects/${project.id}/import`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Import
              </Link>
              <Link
                href={`/projects/${project.id}/jobs`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Jobs
              </Link>
              <Link
                href={`/projects/${project.id}/taxonomy`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Flag taxonomy
              </Link>
              <Link
                href={`/projects/${project.id}/settings`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Task settings
              </Link>
              <Link
                href={`/projects/${project.id}/demonstrations`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Demonstrations
              </Link>
              <Link
                href={`/projects/${project.id}/webhooks`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Webhooks
              </Link>
              <Link
                href={`/projects/${project.id}/study`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Study links
              </Link>
              <Link
                href={`/projects/${project.id}/timesheets`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50"
              >
                Timesheets
              </Link>
            </>
          ) : null}
        </nav>
      </div>
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card title={`Members (${members.length})`}>
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">Name</th>
                <th className="py-2">Email</th>
                <th className="py-2">Role</th>
                <th className="py-2">Status</th>
                {isLead ? (
                  <th className="py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.user.id} className="border-t border-slate-100">
                  <td className="py-2">{m.user.name}</td>
                  <td className="py-2">{m.user.email}</td>
                  <td className="py-2">{m.user.role}</td>
                  <td className="py-2">{!m.user.active ? 'deactivated' : m.paused ? 'paused' : 'active'}</td>
                  {isLead ? (
                    <td className="py-2 text-right">
                      {m.user.id !== user.id ? (
                        <RemoveMemberButton projectId={project.id} userId={m.user.id} email={m.user.email} action={removeMemberAction} />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        {isLead ? (
          <div className="flex flex-col gap-6">
            <Card title="Add an existing account">
              <MemberForm projectId={project.id} action={addMemberAction} />
            </Card>
            <Card title="Invite a labeler">
              <InviteLabelerForm projectId={project.id} action={createInviteAction} />
            </Card>
          </div>
        ) : null}
      </div>
      <Card title="Guidelines">
        {project.guidelines ? <SafeMarkdown text={project.guidelines} /> : <p className="text-sm text-slate-800">No guidelines yet.</p>}
      </Card>
    </div>
  );
}
