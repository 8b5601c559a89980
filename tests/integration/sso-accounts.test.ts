/**
 * The account rules of single sign-on (lib/auth/sign-in-with-oidc.ts) against a real PostgreSQL:
 * first sign-in creates the account, later ones link by email, the role map as the source of truth,
 * refusals (unverified email, domain, deactivated, pseudonymous import accounts), audit rows.
 */
import { describe, expect, it } from 'vitest';
import { buildUser, uniqueName } from '@/lib/builders';
import { oidcConfigFrom, type OidcConfig } from '@/lib/auth/oidc-config';
import { getPasswordSignIn, PASSWORD_SIGN_IN_KEY, setPasswordSignIn } from '@/lib/auth/password-sign-in';
import { signInWithOidc } from '@/lib/auth/sign-in-with-oidc';
import { getDb } from '@/lib/db';
import { setUserActive } from '@/lib/users/set-user-active';

const BASE = { OIDC_ISSUER: 'https://idp.example.test', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 'secret' };
const MAPPED = oidcConfigFrom({ ...BASE, OIDC_ROLE_MAP: 'lab-admins=ADMIN,lab-leads=LEAD,lab-researchers=RESEARCHER' }) as OidcConfig;
const UNMAPPED = oidcConfigFrom(BASE) as OidcConfig;

const email = (domain = 'sso.test') => `${uniqueName('sso')}@${domain}`;
const claimsOf = (address: string, extra: Record<string, unknown> = {}) => ({
  sub: `sub-${address}`,
  email: address,
  email_verified: true,
  ...extra,
});

async function stored(address: string) {
  return getDb().user.findUnique({
    where: { email: address },
    select: { id: true, name: true, role: true, passwordHash: true, sessionVersion: true, active: true },
  });
}
const auditOf = (userId: string) =>
  getDb().auditEvent.findMany({ where: { targetId: userId }, orderBy: { id: 'asc' }, select: { action: true, actorId: true, data: true } });

describe('first sign-in', () => {
  it('creates the account with the mapped role, the name claim and no password, audited', async () => {
    const address = email();
    const outcome = await signInWithOidc({
      claims: claimsOf(address, { name: 'Lee Lead', groups: ['other', 'lab-leads'] }),
      config: MAPPED,
    });
    expect(outcome).toMatchObject({ ok: true, created: true, user: { email: address, name: 'Lee Lead', role: 'LEAD' } });
    const user = await stored(address);
    expect(user).toMatchObject({ name: 'Lee Lead', role: 'LEAD', passwordHash: null, active: true });
    expect(await auditOf(user!.id)).toEqual([
      { action: 'user.create', actorId: user!.id, data: { email: address, role: 'LEAD', via: 'oidc', group: 'lab-leads' } },
    ]);
  });

  it('gives the default role without a matching group, and takes the first map entry when several match', async () => {
    const none = email();
    expect(await signInWithOidc({ claims: claimsOf(none, { groups: ['Lab-Leads'] }), config: MAPPED })).toMatchObject({
      user: { role: 'LABELER' },
    });
    const both = email();
    expect(await signInWithOidc({ claims: claimsOf(both, { groups: ['lab-leads', 'lab-admins'] }), config: MAPPED })).toMatchObject({
      user: { role: 'ADMIN' },
    });
    const researcher = oidcConfigFrom({ ...BASE, OIDC_DEFAULT_ROLE: 'RESEARCHER' }) as OidcConfig;
    expect(await signInWithOidc({ claims: claimsOf(email(), { groups: ['lab-admins'] }), config: researcher })).toMatchObject({
      user: { role: 'RESEARCHER' },
    });
  });

  it('lower-cases the email, names the account from given/family name or the email, and stores one account for parallel first sign-ins', async () => {
    const address = email();
    const upper = address.toUpperCase();
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => signInWithOidc({ claims: claimsOf(upper, { given_name: 'Ada', family_name: 'Byron' }), config: UNMAPPED })),
    );
    expect(outcomes.filter((o) => o.ok && o.created)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => (o.ok ? o.user.id : null))).size).toBe(1);
    expect(await stored(address)).toMatchObject({ name: 'Ada Byron' });
    const bare = email();
    await signInWithOidc({ claims: claimsOf(bare), config: UNMAPPED });
    expect((await stored(bare))?.name).toBe(bare.split('@')[0]);
  });
});

describe('later sign-ins', () => {
  it('link by email to an existing password account, keeping its password, name and (without a map) its role', async () => {
    const existing = await buildUser({ role: 'LEAD', name: 'Kept Name' });
    const outcome = await signInWithOidc({
      claims: claimsOf(existing.email, { name: 'IdP Name', groups: ['lab-admins'] }),
      config: UNMAPPED,
    });
    expect(outcome).toMatchObject({ ok: true, created: false, user: { id: existing.id, role: 'LEAD', name: 'Kept Name' } });
    expect((await stored(existing.email))?.passwordHash).not.toBeNull();
  });

  it('with a map, set the role from the groups at each sign-in (default role when none matches), ending other sessions, audited', async () => {
    const address = email();
    const first = await signInWithOidc({ claims: claimsOf(address, { groups: ['lab-leads'] }), config: MAPPED });
    if (!first.ok) throw new Error('refused');
    const before = await stored(address);
    const promoted = await signInWithOidc({ claims: claimsOf(address, { groups: ['lab-admins'] }), config: MAPPED });
    expect(promoted).toMatchObject({ ok: true, user: { role: 'ADMIN', sessionVersion: before!.sessionVersion + 1 } });
    const same = await signInWithOidc({ claims: claimsOf(address, { groups: ['lab-admins'] }), config: MAPPED });
    expect(same).toMatchObject({ ok: true, user: { role: 'ADMIN', sessionVersion: before!.sessionVersion + 1 } });
    const dropped = await signInWithOidc({ claims: claimsOf(address, { groups: [] }), config: MAPPED });
    expect(dropped).toMatchObject({ ok: true, user: { role: 'LABELER', sessionVersion: before!.sessionVersion + 2 } });
    const roleRows = (await auditOf(first.user.id)).filter((r) => r.action === 'user.role.set');
    expect(roleRows.map((r) => r.data)).toEqual([
      { from: 'LEAD', to: 'ADMIN', via: 'oidc', group: 'lab-admins' },
      { from: 'ADMIN', to: 'LABELER', via: 'oidc', group: null },
    ]);
  });

  it('never demote the last active administrator', async () => {
    // Deactivate every other admin of this database so the one built here is the last.
    const admin = await buildUser({ role: 'ADMIN' });
    const others = await getDb().user.findMany({ where: { role: 'ADMIN', active: true, id: { not: admin.id } }, select: { id: true } });
    await getDb().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    try {
      const outcome = await signInWithOidc({ claims: claimsOf(admin.email, { groups: ['lab-leads'] }), config: MAPPED });
      expect(outcome).toMatchObject({ ok: true, user: { role: 'ADMIN' } });
      expect((await stored(admin.email))?.role).toBe('ADMIN');
      // With a second active admin the map applies.
      await buildUser({ role: 'ADMIN' });
      expect(await signInWithOidc({ claims: claimsOf(admin.email, { groups: ['lab-leads'] }), config: MAPPED })).toMatchObject({
        user: { role: 'LEAD' },
      });
    } finally {
      await getDb().user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
    }
  });
});

describe('refusals', () => {
  it('refuse a deactivated account without touching it, and let it in again once reactivated', async () => {
    const user = await buildUser({ role: 'LABELER' });
    await setUserActive({ actorId: null, input: { userId: user.id, active: false } });
    const before = await stored(user.email);
    expect(await signInWithOidc({ claims: claimsOf(user.email, { groups: ['lab-leads'] }), config: MAPPED })).toEqual({
      ok: false,
      refusal: 'SsoDeactivated',
    });
    expect(await stored(user.email)).toEqual(before);
    await setUserActive({ actorId: null, input: { userId: user.id, active: true } });
    expect(await signInWithOidc({ claims: claimsOf(user.email), config: UNMAPPED })).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it('refuse an unverified email (boolean or string false), but trust an absent flag', async () => {
    const address = email();
    expect(await signInWithOidc({ claims: claimsOf(address, { email_verified: false }), config: UNMAPPED })).toEqual({
      ok: false,
      refusal: 'SsoEmailUnverified',
    });
    expect(await signInWithOidc({ claims: claimsOf(address, { email_verified: 'false' }), config: UNMAPPED })).toMatchObject({ ok: false });
    expect(await stored(address)).toBeNull();
    expect(await signInWithOidc({ claims: { sub: 'x', email: address }, config: UNMAPPED })).toMatchObject({ ok: true, created: true });
  });

  it('refuse a missing or malformed email and a domain outside OIDC_ALLOWED_DOMAINS, creating nothing', async () => {
    expect(await signInWithOidc({ claims: { sub: 'x' }, config: UNMAPPED })).toEqual({ ok: false, refusal: 'SsoNoEmail' });
    expect(await signInWithOidc({ claims: { sub: 'x', email: 'not-an-email' }, config: UNMAPPED })).toEqual({
      ok: false,
      refusal: 'SsoNoEmail',
    });
    const limited = oidcConfigFrom({ ...BASE, OIDC_ALLOWED_DOMAINS: 'corp.test' }) as OidcConfig;
    const outside = email('elsewhere.test');
    expect(await signInWithOidc({ claims: claimsOf(outside), config: limited })).toEqual({ ok: false, refusal: 'SsoDomain' });
    expect(await stored(outside)).toBeNull();
    expect(await signInWithOidc({ claims: claimsOf(email('corp.test')), config: limited })).toMatchObject({ ok: true });
  });

  it('refuse the pseudonymous accounts imported labels belong to', async () => {
    const address = email();
    await getDb().user.create({ data: { email: address, name: 'worker', importKey: `worker:${address}` } });
    expect(await signInWithOidc({ claims: claimsOf(address), config: UNMAPPED })).toEqual({ ok: false, refusal: 'SsoNotLinkable' });
  });
});

describe('password sign-in without single sign-on configured (no OIDC_* in this file)', () => {
  it('cannot be turned off, and a stored "off" is ignored so nobody is locked out', async () => {
    await expect(setPasswordSignIn({ actorId: null, enabled: false })).rejects.toThrow('Configure single sign-on');
    expect(await getDb().appSetting.findUnique({ where: { key: PASSWORD_SIGN_IN_KEY } })).toBeNull();
    await getDb().appSetting.create({ data: { key: PASSWORD_SIGN_IN_KEY, value: 'off' } });
    expect(await getPasswordSignIn()).toEqual({ enabled: true, stored: false, ssoConfigured: false });
  });
});
