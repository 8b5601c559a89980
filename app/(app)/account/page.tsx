import type { Metadata } from 'next';
import Link from 'next/link';
import { CreateTokenForm } from '@/components/account/create-token-form';
import { RevokeTokenButton } from '@/components/account/revoke-token-button';
import { Card } from '@/components/ui/card';
import { requireUser } from '@/lib/auth/session';
import { findProjects } from '@/lib/projects/find-projects';
import { findApiTokens } from '@/lib/tokens/find-api-tokens';
import { createApiTokenAction, revokeApiTokenAction } from './actions';

export const metadata: Metadata = { title: 'Account' };

// Rendered on the server in UTC, so the browser's clock and zone cannot disagree with it.
const when = (date: Date | null, none: string) => (date ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC` : none);

export default async function AccountPage() {
  const user = await requireUser();
  const canUseTokens = user.role !== 'LABELER';
  const [tokens, projects] = canUseTokens ? await Promise.all([findApiTokens({ userId: user.id }), findProjects({ user })]) : [[], []];
  const now = new Date();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Account</h1>
      <Card title="Profile">
        <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd>{user.name}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd>{user.email}</dd>
          <dt className="text-slate-500">Role</dt>
          <dd>{user.role}</dd>
        </dl>
        <p className="mt-3 text-sm">
          <Link href="/profile" className="text-indigo-700 underline">
            Your labeler profile
          </Link>{' '}
          <span className="text-slate-600">(languages, region, expertise: optional, used to route tasks and for group statistics)</span>
        </p>
      </Card>
      {canUseTokens ? (
        <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
          <Card title={`API tokens (${tokens.length})`}>
            <p className="mb-3 text-sm text-slate-600">
              Tokens let scripts import and export as you, limited to their scopes and to the projects you belong to. Revoked tokens stop
              working at once.
            </p>
            {tokens.length === 0 ? (
              <p className="text-sm text-slate-700">No tokens yet.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <thead className="text-xs uppercase text-slate-500">
                    <tr>
                      <th className="py-2 pr-3">Name</th>
                      <th className="py-2 pr-3">Token</th>
                      <th className="py-2 pr-3">Scopes</th>
                      <th className="py-2 pr-3">Project</th>
                      <th className="py-2 pr-3">Created</th>
                      <th className="py-2 pr-3">Last used</th>
                      <th className="py-2 pr-3">Expires</th>
                      <th className="py-2 pr-3">Status</th>
                      <th className="py-2">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {tokens.map((t) => {
                      const expired = t.expiresAt !== null && t.expiresAt <= now;
                      return (
                        <tr key={t.id} className="border-t border-slate-100 align-top" data-testid={`token-row-${t.prefix}`}>
                          <td className="py-2 pr-3">{t.name}</td>
                          <td className="py-2 pr-3 font-mono text-xs">{t.prefix}…</td>
                          <td className="py-2 pr-3 font-mono text-xs">{t.scopes.join(', ')}</td>
                          <td className="py-2 pr-3">
                            {t.project ? <span title={t.project.name}>{t.project.slug}</span> : 'all my projects'}
                          </td>
                          <td className="py-2 pr-3 whitespace-nowrap">{when(t.createdAt, '')}</td>
                          <td className="py-2 pr-3 whitespace-nowrap">{when(t.lastUsedAt, 'never')}</td>
                          <td className="py-2 pr-3 whitespace-nowrap">{when(t.expiresAt, 'never')}</td>
                          <td className="py-2 pr-3 whitespace-nowrap">
                            {t.revokedAt ? `revoked ${when(t.revokedAt, '')}` : expired ? 'expired' : 'active'}
                          </td>
                          <td className="py-2 text-right">
                            {t.revokedAt ? null : (
                              <RevokeTokenButton tokenId={t.id} label={`${t.name} (${t.prefix}…)`} action={revokeApiTokenAction} />
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
          <Card title="New API token">
            <CreateTokenForm projects={projects.map((p) => ({ id: p.id, name: p.name, slug: p.slug }))} action={createApiTokenAction} />
          </Card>
        </div>
      ) : null}
    </div>
  );
}
