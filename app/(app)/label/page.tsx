import type { Metadata } from 'next';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/session';
import { findProjects } from '@/lib/projects/find-projects';

export const metadata: Metadata = { title: 'Label' };

export default async function LabelHome() {
  const user = await requireRole('LABELER', 'LEAD');
  // Admins see every project elsewhere; here everyone sees only projects they belong to.
  const projects = await findProjects({ user: { id: user.id, role: user.role === 'ADMIN' ? 'LABELER' : user.role } });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">Your projects</h1>
        <p className="text-sm text-slate-600">
          Pick a project to start labeling. Your work is saved as you go.{' '}
          <Link href="/my-work" className="font-medium text-indigo-700 hover:underline">
            See your numbers in My work
          </Link>
          .
        </p>
      </div>
      {projects.length === 0 ? (
        <Card>
          <p className="text-slate-700">You are not a member of any project yet. Your lead will add you.</p>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {projects.map((p) => (
            <li key={p.id}>
              <Link
                href={`/label/${p.id}`}
                className="block rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300"
              >
                <h2 className="font-semibold text-slate-900">{p.name}</h2>
                <p className="text-sm text-slate-600">{p._count.items} prompts</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
