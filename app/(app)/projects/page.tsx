import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateProjectForm } from '@/components/projects/create-project-form';
import { Card } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/session';
import { findProjects } from '@/lib/projects/find-projects';
import { createProjectAction } from './actions';

export const metadata: Metadata = { title: 'Projects' };

export default async function ProjectsPage() {
  const user = await requireRole('LEAD', 'RESEARCHER');
  const projects = await findProjects({ user });
  const canCreate = user.role === 'LEAD' || user.role === 'ADMIN';
  return (
    <div className="grid gap-8 lg:grid-cols-[1fr_22rem]">
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold">Projects</h1>
        {projects.length === 0 ? (
          <Card>
            <p className="text-slate-700">No projects yet.</p>
          </Card>
        ) : (
          <ul className="flex flex-col gap-3">
            {projects.map((p) => (
              <li key={p.id}>
                <Link
                  href={`/projects/${p.id}`}
                  className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300"
                >
                  <div className="flex items-baseline justify-between gap-4">
                    <h2 className="font-semibold">{p.name}</h2>
                    <span className="font-mono text-xs text-slate-500">{p.slug}</span>
                  </div>
                  <p className="text-sm text-slate-600">
                    {p._count.items} prompts · {p._count.memberships} members · overlap {p.overlap}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      {canCreate ? (
        <Card title="New project">
          <CreateProjectForm action={createProjectAction} />
        </Card>
      ) : null}
    </div>
  );
}
