import type { Metadata } from 'next';
import { PasswordSignInForm } from '@/components/admin/password-sign-in-form';
import { Card } from '@/components/ui/card';
import { getOidcConfig } from '@/lib/auth/oidc-config';
import { getPasswordSignIn } from '@/lib/auth/password-sign-in';
import { requireRole } from '@/lib/auth/session';
import { setPasswordSignInAction } from './actions';

export const metadata: Metadata = { title: 'Sign-in' };

export default async function SignInSettingsPage() {
  await requireRole('ADMIN');
  const passwordSignIn = await getPasswordSignIn();
  const sso = getOidcConfig();
  return (
    <div className="flex max-w-2xl flex-col gap-4">
      <h1 className="text-2xl font-semibold">Sign-in</h1>
      <Card title="Single sign-on">
        {sso ? (
          <dl className="grid grid-cols-[10rem_1fr] gap-1 text-sm" data-testid="sso-summary">
            <dt className="text-slate-500">Identity provider</dt>
            <dd>
              {sso.name} ({sso.issuer})
            </dd>
            <dt className="text-slate-500">Roles</dt>
            <dd>
              {sso.roleMap
                ? `from the "${sso.roleClaim}" claim: ${sso.roleMap.map((r) => `${r.group} → ${r.role}`).join(', ')}; otherwise ${sso.defaultRole}`
                : `new accounts get ${sso.defaultRole}; roles are managed on the Users page`}
            </dd>
            <dt className="text-slate-500">Email domains</dt>
            <dd>{sso.allowedDomains ? sso.allowedDomains.join(', ') : 'any'}</dd>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">
            Not configured. Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET (README, &ldquo;Single sign-on&rdquo;) and restart the
            app.
          </p>
        )}
      </Card>
      <Card title="Password sign-in">
        <PasswordSignInForm enabled={passwordSignIn.stored} ssoConfigured={passwordSignIn.ssoConfigured} action={setPasswordSignInAction} />
      </Card>
    </div>
  );
}
