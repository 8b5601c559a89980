/**
 * With single sign-on configured (OIDC_* set before the app's code reads its environment): the
 * admin's password sign-in switch, refused server-side by the Credentials provider, audited, and
 * ignored once single sign-on is unconfigured; next-auth's signIn callback turning a verified ID
 * token into the account's session values.
 */
import { afterEach, describe, expect, it } from 'vitest';

process.env.OIDC_ISSUER = 'https://idp.example.test';
process.env.OIDC_CLIENT_ID = 'app';
process.env.OIDC_CLIENT_SECRET = 'secret';
process.env.OIDC_ROLE_MAP = 'lab-leads=LEAD';

const { buildUser, uniqueName } = await import('@/lib/builders');
const { getAuthOptions } = await import('@/lib/auth/options');
const { OIDC_PROVIDER_ID } = await import('@/lib/auth/oidc-config');
const { oidcSignIn, refusePasswordSignInWhenOff } = await import('@/lib/auth/oidc-provider');
const { getPasswordSignIn, PASSWORD_SIGN_IN_KEY, setPasswordSignIn } = await import('@/lib/auth/password-sign-in');
const { getDb } = await import('@/lib/db');
const { setUserActive } = await import('@/lib/users/set-user-active');

type Credentials = { authorize: (c: Record<string, string>, req: { headers: Record<string, string> }) => Promise<unknown> };

/** The Credentials provider's authorize as next-auth calls it (the options hold the user's function under `options`). */
function authorize(email: string, password: string) {
  const provider = getAuthOptions().providers.find((p) => p.id === 'credentials') as unknown as { options: Credentials };
  return provider.options.authorize({ email, password }, { headers: { 'x-forwarded-for': `sso-test-${uniqueName('ip')}` } });
}

afterEach(async () => {
  await getDb().appSetting.deleteMany({ where: { key: PASSWORD_SIGN_IN_KEY } });
});

describe('password sign-in switch', () => {
  it('is on by default; off refuses the right password server-side; on again lets it in', async () => {
    const admin = await buildUser({ role: 'ADMIN' });
    const user = await buildUser({ role: 'LABELER' });
    expect(await getPasswordSignIn()).toEqual({ enabled: true, stored: true, ssoConfigured: true });
    await expect(authorize(user.email, user.password!)).resolves.toMatchObject({ id: user.id });

    await setPasswordSignIn({ actorId: admin.id, enabled: false });
    expect(await getPasswordSignIn()).toEqual({ enabled: false, stored: false, ssoConfigured: true });
    await expect(authorize(user.email, user.password!)).rejects.toThrow('Password sign-in is turned off: sign in with single sign-on.');
    await expect(refusePasswordSignInWhenOff()).rejects.toThrow('turned off');
    // The refusal comes before the password check: no attempt is counted against the account.
    expect(await getDb().loginAttempt.count({ where: { email: user.email, outcome: 'FAILURE' } })).toBe(0);

    await setPasswordSignIn({ actorId: null, enabled: true });
    await expect(authorize(user.email, user.password!)).resolves.toMatchObject({ id: user.id });
    const rows = await getDb().auditEvent.findMany({
      where: { action: 'settings.password_sign_in.set' },
      orderBy: { id: 'asc' },
      select: { actorId: true, targetId: true, data: true },
    });
    expect(rows.slice(-2)).toEqual([
      { actorId: admin.id, targetId: PASSWORD_SIGN_IN_KEY, data: { from: 'on', to: 'off' } },
      { actorId: null, targetId: PASSWORD_SIGN_IN_KEY, data: { from: 'off', to: 'on' } },
    ]);
  });

  it('writes no audit row when nothing changes', async () => {
    const count = () => getDb().auditEvent.count({ where: { action: 'settings.password_sign_in.set' } });
    const before = await count();
    await setPasswordSignIn({ actorId: null, enabled: true });
    await setPasswordSignIn({ actorId: null, enabled: false });
    await setPasswordSignIn({ actorId: null, enabled: false });
    expect(await count()).toBe(before + 1);
  });
});

describe('the signIn callback', () => {
  const call = (claims: Record<string, unknown>, provider = OIDC_PROVIDER_ID) => {
    const user = { id: String(claims.sub), email: String(claims.email ?? ''), name: '', role: 'LABELER' as const, sessionVersion: -1 };
    const result = oidcSignIn({ user, account: { provider, type: 'oauth', providerAccountId: String(claims.sub) }, profile: claims });
    return { user, result };
  };

  it("replaces the ID token's placeholders with the account's id, role and session version", async () => {
    const address = `${uniqueName('cb')}@sso.test`;
    const { user, result } = call({ sub: 'idp-subject-1', email: address, name: 'Cee Bee', groups: ['lab-leads'] });
    expect(await result).toBe(true);
    const stored = await getDb().user.findUniqueOrThrow({ where: { email: address }, select: { id: true, sessionVersion: true } });
    expect(user).toEqual({ id: stored.id, email: address, name: 'Cee Bee', role: 'LEAD', sessionVersion: stored.sessionVersion });
  });

  it('sends a refused sign-in back to the login page with its reason, and leaves password sign-ins alone', async () => {
    const deactivated = await buildUser({ role: 'LABELER' });
    await setUserActive({ actorId: null, input: { userId: deactivated.id, active: false } });
    expect(await call({ sub: 's', email: deactivated.email }).result).toBe('/login?error=SsoDeactivated');
    expect(await call({ sub: 's', email: 'x@sso.test', email_verified: false }).result).toBe('/login?error=SsoEmailUnverified');
    expect(await call({ sub: 's', email: 'x@sso.test' }, 'credentials').result).toBe(true);
  });

  it('registers the provider with PKCE, state and nonce and the ID token verified', () => {
    const provider = getAuthOptions().providers.find((p) => p.id === OIDC_PROVIDER_ID) as unknown as Record<string, unknown>;
    expect(provider).toMatchObject({
      type: 'oauth',
      wellKnown: 'https://idp.example.test/.well-known/openid-configuration',
      checks: ['pkce', 'state', 'nonce'],
      idToken: true,
    });
  });
});
