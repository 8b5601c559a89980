import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TRole } from '@/lib/auth/schemas';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { LocaleSwitcher } from '@/components/i18n/locale-switcher';
import { homeFor } from '@/lib/auth/session';

type NavKey = 'label' | 'myWork' | 'projects' | 'users' | 'models' | 'account';

const LINKS: { href: string; key: NavKey; roles: TRole[] }[] = [
  { href: '/label', key: 'label', roles: ['LABELER', 'LEAD', 'ADMIN'] },
  { href: '/my-work', key: 'myWork', roles: ['LABELER', 'LEAD', 'RESEARCHER', 'ADMIN'] },
  { href: '/projects', key: 'projects', roles: ['LEAD', 'RESEARCHER', 'ADMIN'] },
  { href: '/admin/users', key: 'users', roles: ['ADMIN'] },
  { href: '/admin/model-connections', key: 'models', roles: ['ADMIN'] },
  { href: '/account', key: 'account', roles: ['LABELER', 'LEAD', 'RESEARCHER', 'ADMIN'] },
];

export function AppHeader({
  user,
  savedLocale,
  saveLocale,
}: {
  user: { name: string; email: string; role: TRole };
  savedLocale: string | null;
  saveLocale: (locale: string) => Promise<{ ok: boolean }>;
}) {
  const t = useTranslations('Header');
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-2 sm:py-3">
        <div className="flex min-w-0 flex-wrap items-center gap-x-6 gap-y-1">
          {/* Straight to the role's home: a client navigation to "/" would render an empty page before its redirect (issue 17). */}
          <Link href={homeFor(user.role)} className="font-semibold text-slate-900">
            {t('brand')}
          </Link>
          <nav aria-label={t('mainNav')} className="flex flex-wrap gap-1">
            {LINKS.filter((l) => l.roles.includes(user.role)).map((l) => (
              <Link
                key={l.href}
                href={l.href}
                className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
              >
                {t(`nav.${l.key}`)}
              </Link>
            ))}
          </nav>
        </div>
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <LocaleSwitcher saved={savedLocale} save={saveLocale} />
          <span className="hidden sm:inline">
            {user.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{t(`role.${user.role}`)}</span>
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
