/**
 * API tokens on the account page against a real PostgreSQL: findApiTokens (own tokens only, never
 * a hash) and revokeApiToken (own only, admins any; idempotent; one audit row even when racing).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildUser } from '@/lib/builders';
import { raceBehindLock } from '../helpers/race-behind-lock';
import { refusal } from '../helpers/refusal';
import { authenticateApiToken } from '@/lib/auth/api-token';
import { getDb } from '@/lib/db';
import { createProject } from '@/lib/projects/create-project';
import { ZCreateProject } from '@/lib/projects/schemas';
import { createApiToken } from '@/lib/tokens/create-api-token';
import { findApiTokens } from '@/lib/tokens/find-api-tokens';
import { revokeApiToken } from '@/lib/tokens/revoke-api-token';
import type { TTokenScope } from '@/lib/auth/token-scopes';

function newToken(userId: string, extra: { name?: string; scopes?: TTokenScope[]; projectId?: string; expiresInDays?: number } = {}) {
  return createApiToken({ actorId: userId, input: { userId, name: extra.name ?? 'ci', scopes: extra.scopes ?? ['import'], ...extra } });
}

const revokeAudit = (tokenId: string) =>
  getDb().auditEvent.findMany({
    where: { targetId: tokenId, action: 'token.revoke' },
    orderBy: { id: 'asc' },
    select: { actorId: true, action: true, projectId: true, targetType: true, targetId: true, data: true },
  });

const revokedAt = async (tokenId: string) =>
  (await getDb().apiToken.findUniqueOrThrow({ where: { id: tokenId }, select: { revokedAt: true } })).revokedAt;

describe('findApiTokens', () => {
  it("lists only the user's own tokens, newest first, with prefix and project but never the hash", async () => {
    const lead = await buildUser({ role: 'LEAD', password: null });
    const other = await buildUser({ role: 'RESEARCHER', password: null });
    const project = await createProject({
      actorId: lead.id,
      input: ZCreateProject.parse({ name: 'Tokens', slug: `t-${randomUUID().slice(0, 8)}` }),
    });
    const first = await newToken(lead.id, { name: 'first', scopes: ['import', 'read'], projectId: project.id, expiresInDays: 30 });
    const second = await newToken(lead.id, { name: 'second', scopes: ['export'] });
    await getDb().apiToken.update({ where: { id: first.id }, data: { createdAt: new Date(Date.now() - 60_000) } });
    const others = await newToken(other.id, { name: 'not mine' });

    const listed = await findApiTokens({ userId: lead.id });

    expect(listed.map((t) => t.id)).toEqual([second.id, first.id]);
    expect(listed.map((t) => t.id)).not.toContain(others.id);
    expect(listed[1]).toEqual({
      id: first.id,
      name: 'first',
      prefix: first.token.slice(0, 10),
      scopes: ['import', 'read'],
      createdAt: expect.any(Date),
      lastUsedAt: null,
      expiresAt: first.expiresAt,
      revokedAt: null,
      project: { id: project.id, slug: project.slug, name: 'Tokens' },
    });
    expect(listed[0]).toMatchObject({ name: 'second', project: null, expiresAt: null });
    const stored = await getDb().apiToken.findMany({ where: { userId: lead.id }, select: { tokenHash: true } });
    const text = JSON.stringify(listed);
    for (const { tokenHash } of stored) expect(text).not.toContain(tokenHash);
    for (const token of listed) expect(Object.keys(token)).not.toContain('tokenHash');
    expect(text).not.toContain(first.token);
    expect(await findApiTokens({ userId: randomUUID() })).toEqual([]);
  });
});

describe('revokeApiToken', () => {
  it('revokes the caller’s own token, which then no longer authenticates, and audits it', async () => {
    const researcher = await buildUser({ role: 'RESEARCHER', password: null });
    const project = await createProject({
      actorId: null,
      input: ZCreateProject.parse({ name: 'Revoke', slug: `r-${randomUUID().slice(0, 8)}` }),
    });
    const token = await newToken(researcher.id, { scopes: ['export'], projectId: project.id });
    await expect(authenticateApiToken(`Bearer ${token.token}`, 'export')).resolves.toMatchObject({ tokenId: token.id });

    const result = await revokeApiToken({ actor: researcher, input: { tokenId: token.id } });

    expect(result).toEqual({ id: token.id, revokedAt: expect.any(Date), changed: true });
    expect(await revokedAt(token.id)).toEqual(result.revokedAt);
    expect((await refusal(authenticateApiToken(`Bearer ${token.token}`, 'export'))).code).toBe('UNAUTHENTICATED');
    expect(await revokeAudit(token.id)).toEqual([
      {
        actorId: researcher.id,
        action: 'token.revoke',
        projectId: project.id,
        targetType: 'api_token',
        targetId: token.id,
        data: { userId: researcher.id },
      },
    ]);
  });

  it("refuses someone else's token as NOT_FOUND and leaves it working, for leads and researchers alike", async () => {
    const owner = await buildUser({ role: 'LEAD', password: null });
    const token = await newToken(owner.id);
    for (const role of ['LEAD', 'RESEARCHER', 'LABELER'] as const) {
      const intruder = await buildUser({ role, password: null });
      const error = await refusal(revokeApiToken({ actor: intruder, input: { tokenId: token.id } }));
      expect(error.code).toBe('NOT_FOUND');
    }
    expect((await refusal(revokeApiToken({ actor: owner, input: { tokenId: randomUUID() } }))).code).toBe('NOT_FOUND');
    expect(await revokedAt(token.id)).toBeNull();
    expect(await revokeAudit(token.id)).toEqual([]);
    await expect(authenticateApiToken(`Bearer ${token.token}`, 'import')).resolves.toMatchObject({ userId: owner.id });
  });

  it("lets an admin revoke anyone's token, audited as the admin", async () => {
    const admin = await buildUser({ role: 'ADMIN', password: null });
    const owner = await buildUser({ role: 'LEAD', password: null });
    const token = await newToken(owner.id);

    await revokeApiToken({ actor: admin, input: { tokenId: token.id } });

    expect(await revokedAt(token.id)).toBeInstanceOf(Date);
    expect(await revokeAudit(token.id)).toEqual([expect.objectContaining({ actorId: admin.id, data: { userId: owner.id } })]);
  });

  it('is harmless twice: the second call keeps the first revocation time and audits nothing', async () => {
    const lead = await buildUser({ role: 'LEAD', password: null });
    const token = await newToken(lead.id);
    const first = await revokeApiToken({ actor: lead, input: { tokenId: token.id } });

    const second = await revokeApiToken({ actor: lead, input: { tokenId: token.id } });

    expect(second).toEqual({ id: token.id, revokedAt: first.revokedAt, changed: false });
    expect(await revokedAt(token.id)).toEqual(first.revokedAt);
    expect(await revokeAudit(token.id)).toHaveLength(1);
  });

  it('audits once when two revokes of the same token race', async () => {
    const lead = await buildUser({ role: 'LEAD', password: null });
    const token = await newToken(lead.id);
    const lockRow = { sql: 'SELECT id FROM api_tokens WHERE id = $1 FOR UPDATE', values: [token.id] };

    const results = await raceBehindLock(lockRow, 2, () => [
      revokeApiToken({ actor: lead, input: { tokenId: token.id } }),
      revokeApiToken({ actor: lead, input: { tokenId: token.id } }),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const changed = results.map((r) => (r.status === 'fulfilled' ? r.value.changed : null)).sort();
    expect(changed).toEqual([false, true]);
    expect(await revokeAudit(token.id)).toHaveLength(1);
  });
});
