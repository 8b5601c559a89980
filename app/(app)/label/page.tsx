import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { requireRole } from '@/lib/auth/session';
import { findProjects } from '@/lib/projects/find-projects';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('LabelHome');
  return { title: t('title') };
}

export default async function LabelHome() {
  const user = await requireRole('LABELER', 'LEAD');
  const t = await getTranslations('LabelHome');
  // Admins see every project elsewhere; here everyone sees only projects they belong to.
  const projects = await findProjects({ user: { id: user.id, role: user.role === 'ADMIN' ? 'LABELER' : user.role } });
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold">{t('heading')}</h1>
        <p className="text-sm text-slate-600">
          {t.rich('intro', {
            link: (chunks) => (
              <Link href="/my-work" className="font-medium text-indigo-700 hover:underline">
                {chunks}
              </Link>
            ),
          })}
        </p>
      </div>
      {projects.length === 0 ? (
        <Card>
          <p className="text-slate-700">{t('noProjects')}</p>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2">
          {projects.map((p) => (
            <li key={p.id}>
              <Link
                href={`/label/${p.id}`}
                className="block rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300"
              >
                <h2 className="font-semibold text-slate-900" dir="auto">
                  {p.name}
                </h2>
                <p className="text-sm text-slate-600">{t('prompts', { count: p._count.items })}</p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
