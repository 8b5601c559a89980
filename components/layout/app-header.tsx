import Link from 'next/link';
import type { TRole } from '@/lib/auth/schemas';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { homeFor } from '@/lib/auth/session';

const LINKS: { href: string; label: string; roles: TRole[] }[] = [
  { href: '/label', label: 'Label', roles: ['LABELER', 'LEAD', 'ADMIN'] },
  { href: '/my-work', label: 'My work', roles: ['LABELER', 'LEAD', 'RESEARCHER', 'ADMIN'] },
  { href: '/projects', label: 'Projects', roles: ['LEAD', 'RESEARCHER', 'ADMIN'] },
  { href: '/admin/users', label: 'Users', roles: ['ADMIN'] },
  { href: '/admin/model-connections', label: 'Models', roles: ['ADMIN'] },
  { href: '/audit', label: 'Audit log', roles: ['LEAD', 'ADMIN'] },
  { href: '/account', label: 'Account', roles: ['LABELER', 'LEAD', 'RESEARCHER', 'ADMIN'] },
];

export function AppHeader({ user }: { user: { name: string; email: string; role: TRole } }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 sm:py-3">
        <div className="flex min-w-0 flex-wrap items-center gap-x-6 gap-y-1">
          {/* Straight to the role's home: a client navigation to "/" would render an empty page before its redirect (issue 17). */}
          <Link href={homeFor(user.role)} className="font-semibold text-slate-900">
            Preference Lab
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-1">
            {LINKS.filter((l) => l.roles.includes(user.role)).map((l) => (
              <Link
                key={l.href}
                href={l.href}
                className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
              >
                {l.label}
              </Link>
            ))}
          </nav>
        </div>
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <span className="hidden sm:inline">
            {user.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{user.role}</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
