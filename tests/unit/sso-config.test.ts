/** The parsing of OIDC_ROLE_MAP and the other OIDC_* variables (lib/auth/oidc-config.ts), and the role and domain rules built on them. */
import { describe, expect, it } from 'vitest';
import { claimGroups, emailDomainAllowed, oidcConfigFrom, parseRoleMap, resolveRole } from '@/lib/auth/oidc-config';

const BASE = { OIDC_ISSUER: 'https://idp.example.com/realms/lab/', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 's3cret' };

describe('parseRoleMap', () => {
  it('reads group=ROLE entries in order, separated by commas, semicolons or new lines', () => {
    expect(parseRoleMap('labeling-admins=ADMIN, labeling-leads=lead;researchers = RESEARCHER\nlabelers=LABELER')).toEqual([
      { group: 'labeling-admins', role: 'ADMIN' },
      { group: 'labeling-leads', role: 'LEAD' },
      { group: 'researchers', role: 'RESEARCHER' },
      { group: 'labelers', role: 'LABELER' },
    ]);
  });
  it('takes the role after the last "=", so group names may hold "=" (Entra ID object ids, Keycloak paths)', () => {
    expect(parseRoleMap('cn=leads=LEAD,/lab/admins=ADMIN,6f1c2a3e-0000-4000-8000-000000000001=LABELER')).toEqual([
      { group: 'cn=leads', role: 'LEAD' },
      { group: '/lab/admins', role: 'ADMIN' },
      { group: '6f1c2a3e-0000-4000-8000-000000000001', role: 'LABELER' },
    ]);
  });
  it('ignores empty entries and an empty map', () => {
    expect(parseRoleMap('')).toEqual([]);
    expect(parseRoleMap(' , a=LEAD ,, ')).toEqual([{ group: 'a', role: 'LEAD' }]);
  });
  it('names the entry that is not group=ROLE, has an unknown role or repeats a group', () => {
    expect(() => parseRoleMap('a=LEAD,admins')).toThrow('entry 2 ("admins") is not group=ROLE');
    expect(() => parseRoleMap('=LEAD')).toThrow('entry 1 ("=LEAD") is not group=ROLE');
    expect(() => parseRoleMap('a=')).toThrow('is not group=ROLE');
    expect(() => parseRoleMap('a=LEAD,b=OWNER')).toThrow('entry 2 ("b=OWNER"): role must be one of ADMIN, LEAD, RESEARCHER, LABELER');
    expect(() => parseRoleMap('a=LEAD,a=ADMIN')).toThrow('entry 2: group "a" is mapped twice');
  });
});

describe('resolveRole', () => {
  const roleMap = parseRoleMap('admins=ADMIN,leads=LEAD');
  it('gives the role of the first entry in map order whose group the user holds, whatever the claim order', () => {
    expect(resolveRole({ groups: ['leads', 'admins'], roleMap, defaultRole: 'LABELER' })).toEqual({ role: 'ADMIN', group: 'admins' });
    expect(resolveRole({ groups: ['other', 'leads'], roleMap, defaultRole: 'LABELER' })).toEqual({ role: 'LEAD', group: 'leads' });
  });
  it('gives the default role when no group matches (group names are case-sensitive)', () => {
    expect(resolveRole({ groups: [], roleMap, defaultRole: 'LABELER' })).toEqual({ role: 'LABELER', group: null });
    expect(resolveRole({ groups: ['Admins'], roleMap, defaultRole: 'RESEARCHER' })).toEqual({ role: 'RESEARCHER', group: null });
  });
});

describe('claimGroups', () => {
  it('reads a list, a single string, a dotted path into objects, and nothing', () => {
    expect(claimGroups({ groups: ['a', 'b', 3] }, 'groups')).toEqual(['a', 'b']);
    expect(claimGroups({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(claimGroups({ realm_access: { roles: ['lab-lead'] } }, 'realm_access.roles')).toEqual(['lab-lead']);
    expect(claimGroups({ 'https://example.com/groups': ['x'] }, 'https://example.com/groups')).toEqual(['x']);
    expect(claimGroups({}, 'groups')).toEqual([]);
    expect(claimGroups({ groups: { nested: true } }, 'groups')).toEqual([]);
  });
});

describe('emailDomainAllowed', () => {
  it('compares the domain after the last @, case-insensitively; null allows any', () => {
    expect(emailDomainAllowed('a@Example.com', ['example.com'])).toBe(true);
    expect(emailDomainAllowed('a@example.com.evil.test', ['example.com'])).toBe(false);
    expect(emailDomainAllowed('a@sub.example.com', ['example.com'])).toBe(false);
    expect(emailDomainAllowed('a@anything.test', null)).toBe(true);
  });
});

describe('oidcConfigFrom', () => {
  it('is null without OIDC_ISSUER (single sign-on off)', () => {
    expect(oidcConfigFrom({})).toBeNull();
  });
  it('fills the defaults: scopes, name, LABELER, no map, no groups claim, any domain', () => {
    expect(oidcConfigFrom(BASE)).toEqual({
      issuer: 'https://idp.example.com/realms/lab',
      clientId: 'app',
      clientSecret: 's3cret',
      name: 'single sign-on',
      scopes: 'openid email profile',
      roleClaim: null,
      roleMap: null,
      defaultRole: 'LABELER',
      allowedDomains: null,
    });
  });
  it('reads the map, the claim (default "groups" when a map is set), the default role and the domains', () => {
    const config = oidcConfigFrom({
      ...BASE,
      OIDC_NAME: 'Okta',
      OIDC_SCOPES: 'openid email profile groups',
      OIDC_ROLE_MAP: 'leads=LEAD',
      OIDC_DEFAULT_ROLE: 'researcher',
      OIDC_ALLOWED_DOMAINS: '@Example.com, lab.example.org',
    });
    expect(config).toMatchObject({
      name: 'Okta',
      scopes: 'openid email profile groups',
      roleClaim: 'groups',
      roleMap: [{ group: 'leads', role: 'LEAD' }],
      defaultRole: 'RESEARCHER',
      allowedDomains: ['example.com', 'lab.example.org'],
    });
    expect(oidcConfigFrom({ ...BASE, OIDC_ROLE_MAP: 'x=ADMIN', OIDC_ROLE_CLAIM: 'roles' })?.roleClaim).toBe('roles');
  });
  it('names the variable that is missing or wrong', () => {
    expect(() => oidcConfigFrom({ OIDC_ISSUER: BASE.OIDC_ISSUER })).toThrow(
      'Invalid environment: OIDC_CLIENT_ID: required when OIDC_ISSUER is set',
    );
    expect(() => oidcConfigFrom({ ...BASE, OIDC_CLIENT_SECRET: undefined })).toThrow('OIDC_CLIENT_SECRET: required');
    expect(() => oidcConfigFrom({ ...BASE, OIDC_DEFAULT_ROLE: 'OWNER' })).toThrow('OIDC_DEFAULT_ROLE: must be one of');
    expect(() => oidcConfigFrom({ ...BASE, OIDC_ROLE_MAP: 'leads=BOSS' })).toThrow(
      'Invalid environment: OIDC_ROLE_MAP: entry 1 ("leads=BOSS")',
    );
  });
});
