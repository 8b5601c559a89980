import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasTokenScope } from '@/lib/auth/token-scopes';
import { ZCreateOwnApiToken } from '@/lib/tokens/schemas';

const errorsOf = (input: unknown) => {
  const r = ZCreateOwnApiToken.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('ZCreateOwnApiToken', () => {
  it('reads the account form: one or several ticked scopes, blank project and expiry left out', () => {
    expect(ZCreateOwnApiToken.parse({ name: ' ci ', scopes: 'import', projectId: '', expiresInDays: '' })).toEqual({
      name: 'ci',
      scopes: ['import'],
    });
    const projectId = randomUUID();
    expect(ZCreateOwnApiToken.parse({ name: 'ci', scopes: ['import', 'read'], projectId, expiresInDays: '30' })).toEqual({
      name: 'ci',
      scopes: ['import', 'read'],
      projectId,
      expiresInDays: 30,
    });
  });

  it('names each bad field', () => {
    expect(errorsOf({ name: '  ', expiresInDays: '0' })).toEqual({
      name: 'Name is required',
      scopes: 'Choose at least one scope',
      expiresInDays: 'Expiry must be at least 1 day',
    });
    expect(errorsOf({ name: 'x', scopes: ['import', 'admin'], projectId: 'p1', expiresInDays: '1.5' })).toEqual({
      'scopes.1': 'scope must be one of import, export, read',
      projectId: 'Unknown project',
      expiresInDays: 'Expiry must be a whole number of days',
    });
  });
});

describe('scope spellings', () => {
  it('accepts "export:read" and "import:write" for export and import, and stores the short names', () => {
    expect(ZCreateOwnApiToken.parse({ name: 'trainer', scopes: ['export:read', 'import:write'] }).scopes).toEqual(['export', 'import']);
    expect(ZCreateOwnApiToken.safeParse({ name: 'trainer', scopes: ['export:write'] }).success).toBe(false);
  });

  it('grants a scope held in either spelling, and only that scope', () => {
    expect(hasTokenScope(['export'], 'export')).toBe(true);
    expect(hasTokenScope(['export:read'], 'export')).toBe(true);
    expect(hasTokenScope(['import:write', 'read'], 'export')).toBe(false);
    expect(hasTokenScope(['import:write'], 'import')).toBe(true);
  });
});
