/**
 * Invites against a real PostgreSQL: createInvite (who may invite whom, revoking older links),
 * getInvite (what a token's page may show) and acceptInvite (one-time, under a row lock).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildProject, buildUser } from '@/lib/builders';
import { refusal } from '../helpers/refusal';
import { verifyPassword } from '@/lib/auth/password';
import { ZAcceptInvite, type TRole } from '@/lib/auth/schemas';
import { hashToken, newToken } from '@/lib/auth/secret-token';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { acceptInvite } from '@/lib/invites/accept-invite';
import { createInvite } from '@/lib/invites/create-invite';
import { getInvite } from '@/lib/invites/get-invite';
import { ZCreateInvite } from '@/lib/invites/schemas';
import { createUser } from '@/lib/users/create-user';
import { ZCreateUser } from '@/lib/users/schemas';
import { raceBehindLock } from '../helpers/race-behind-lock';

const PASSWORD = 'invited person password';

const uniqueEmail = () => `invitee-${randomUUID()}@example.com`;

/** An admin with a project to invite people to. */
async function setup() {
  const admin = await buildUser({ role: 'ADMIN', name: 'ADMIN', password: null });
  const project = await buildProject({ name: 'Invite Project', actorId: admin.id });
  return { admin: { id: admin.id, role: 'ADMIN' as const }, project };
}

function invite(actor: { id: string; role: TRole }, input: { projectId: string; email: string; role?: TRole }) {
  return createInvite({ actor, input: ZCreateInvite.parse(input) });
}

function accept(token: string, name = 'New Person') {
  return acceptInvite({ input: ZAcceptInvite.parse({ token, name, password: PASSWORD, confirm: PASSWORD }) });
}

const invitesFor = (email: string) =>
  getDb().invite.findMany({
    where: { email },
    orderBy: { createdAt: 'asc' },
    select: { id: true, tokenHash: true, role: true, usedAt: true, expiresAt: true },
  });

describe('createInvite', () => {
  it('stores only the hash of the returned token, with the TTL from the environment, and audits it', async () => {
    const { admin, project } = await setup();
    const email = uniqueEmail();
    const before = Date.now();

    const created = await invite(admin, { projectId: project.id, email: email.toUpperCase(), role: 'RESEARCHER' });

    const after = Date.now();
    expect(created).toMatchObject({ email, role: 'RESEARCHER' });
    expect(created.token.length).toBeGreaterThanOrEqual(40);
    const [row, ...others] = await invitesFor(email);
    expect(others).toEqual([]);
    expect(row!.tokenHash).toBe(hashToken(created.token));
    expect(row!.tokenHash).not.toBe(created.token);
    expect(JSON.stringify(await getDb().invite.findUniqueOrThrow({ where: { id: row!.id } }))).not.toContain(created.token);
    const ttl = getEnv().INVITE_TTL_HOURS * 3_600_000;
    expect(row!.expiresAt.getTime()).toBeGreaterThanOrEqual(before + ttl);
    expect(row!.expiresAt.getTime()).toBeLessThanOrEqual(after + ttl);
    const audit = await getDb().auditEvent.findMany({
      where: { targetId: row!.id },
      select: { actorId: true, action: true, projectId: true, data: true },
    });
    expect(audit).toEqual([{ actorId: admin.id, action: 'invite.create', projectId: project.id, data: { email, role: 'RESEARCHER' } }]);
  });

  it('lets a lead invite labelers only', async () => {
    const { project } = await setup();
    const lead = { id: (await buildUser({ role: 'LEAD', name: 'LEAD', password: null })).id, role: 'LEAD' as const };
    const refusedEmail = uniqueEmail();
    const labelerEmail = uniqueEmail();

    const error = await refusal(invite(lead, { projectId: project.id, email: refusedEmail, role: 'LEAD' }));
    const created = await invite(lead, { projectId: project.id, email: labelerEmail });

    expect(error.code).toBe('FORBIDDEN');
    expect(error.fieldErrors).toEqual({ role: [expect.any(String)] });
    expect(await invitesFor(refusedEmail)).toEqual([]);
    expect(created.role).toBe('LABELER');
    expect(await invitesFor(labelerEmail)).toHaveLength(1);
  });

  it('refuses an email that already has an account with CONFLICT on the email field', async () => {
    const { admin, project } = await setup();
    const existing = await buildUser({ role: 'LABELER', name: 'LABELER', password: null });

    const error = await refusal(invite(admin, { projectId: project.id, email: existing.email }));

    expect(error.code).toBe('CONFLICT');
    expect(error.fieldErrors).toEqual({ email: [expect.any(String)] });
    expect(await invitesFor(existing.email)).toEqual([]);
  });

  it('expires the older open invite for the same email and project, but not one for another project', async () => {
    const { admin, project } = await setup();
    const otherProject = await buildProject({ name: 'Other', actorId: admin.id });
    const email = uniqueEmail();

    const older = await invite(admin, { projectId: project.id, email });
    const elsewhere = await invite(admin, { projectId: otherProject.id, email });
    const newer = await invite(admin, { projectId: project.id, email });

    expect(await getInvite({ token: older.token })).toEqual({ status: 'expired' });
    expect(await getInvite({ token: elsewhere.token })).toEqual({ status: 'valid', email, projectName: 'Other' });
    expect(await getInvite({ token: newer.token })).toEqual({ status: 'valid', email, projectName: 'Invite Project' });
    expect((await refusal(accept(older.token))).code).toBe('GONE');
    expect(await getDb().user.count({ where: { email } })).toBe(0);
  });
});

describe('getInvite', () => {
  it('reports valid, used, expired and unknown tokens', async () => {
    const { admin, project } = await setup();
    const valid = await invite(admin, { projectId: project.id, email: uniqueEmail() });
    const used = await invite(admin, { projectId: project.id, email: uniqueEmail() });
    const expired = await invite(admin, { projectId: project.id, email: uniqueEmail() });
    await accept(used.token);
    await getDb().invite.update({ where: { tokenHash: hashToken(expired.token) }, data: { expiresAt: new Date(Date.now() - 1000) } });

    expect(await getInvite({ token: valid.token })).toEqual({ status: 'valid', email: valid.email, projectName: 'Invite Project' });
    expect(await getInvite({ token: used.token })).toEqual({ status: 'used' });
    expect(await getInvite({ token: expired.token })).toEqual({ status: 'expired' });
    expect(await getInvite({ token: newToken() })).toEqual({ status: 'unknown' });
    expect(await getInvite({ token: 'short' })).toEqual({ status: 'unknown' });
    // The stored hash is not itself a token that works.
    expect(await getInvite({ token: hashToken(valid.token) })).toEqual({ status: 'unknown' });
  });
});

describe('acceptInvite', () => {
  it("creates the account with the invite's email, role and project membership, and marks the invite used", async () => {
    const { admin, project } = await setup();
    const created = await invite(admin, { projectId: project.id, email: uniqueEmail(), role: 'LEAD' });

    const user = await accept(created.token, '  Grace  ');

    expect(user).toEqual({ id: expect.any(String), email: created.email, role: 'LEAD' });
    const row = await getDb().user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true, active: true, passwordHash: true } });
    expect(row).toMatchObject({ name: 'Grace', active: true });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await getDb().membership.findMany({ where: { userId: user.id }, select: { projectId: true } })).toEqual([
      { projectId: project.id },
    ]);
    const [inviteRow] = await invitesFor(created.email);
    expect(inviteRow!.usedAt).toBeInstanceOf(Date);
    const audit = await getDb().auditEvent.findMany({
      where: { targetId: inviteRow!.id, action: 'invite.accept' },
      select: { actorId: true, projectId: true, targetType: true },
    });
    expect(audit).toEqual([{ actorId: user.id, projectId: project.id, targetType: 'invite' }]);
  });

  it('works once: a second use is GONE and changes nothing', async () => {
    const { admin, project } = await setup();
    const created = await invite(admin, { projectId: project.id, email: uniqueEmail() });
    const user = await accept(created.token, 'First');
    const usedAt = (await invitesFor(created.email))[0]!.usedAt;

    const error = await refusal(accept(created.token, 'Second'));

    expect(error.code).toBe('GONE');
    expect(error.message).toMatch(/already been used/);
    expect(await getDb().user.findMany({ where: { email: created.email }, select: { id: true, name: true } })).toEqual([
      { id: user.id, name: 'First' },
    ]);
    expect((await invitesFor(created.email))[0]!.usedAt).toEqual(usedAt);
  });

  it('refuses an expired invite with GONE and creates no account', async () => {
    const { admin, project } = await setup();
    const created = await invite(admin, { projectId: project.id, email: uniqueEmail() });
    await getDb().invite.update({ where: { tokenHash: hashToken(created.token) }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const error = await refusal(accept(created.token));

    expect(error.code).toBe('GONE');
    expect(error.message).toMatch(/expired/);
    expect(await getDb().user.count({ where: { email: created.email } })).toBe(0);
    expect((await invitesFor(created.email))[0]!.usedAt).toBeNull();
  });

  it('refuses an unknown token with NOT_FOUND', async () => {
    expect((await refusal(accept(newToken()))).code).toBe('NOT_FOUND');
  });

  it('refuses with CONFLICT when the email got an account after the invite was sent', async () => {
    const { admin, project } = await setup();
    const created = await invite(admin, { projectId: project.id, email: uniqueEmail() });
    await createUser({ actorId: null, input: ZCreateUser.parse({ email: created.email, name: 'Made by hand', role: 'LABELER' }) });

    const error = await refusal(accept(created.token));

    expect(error.code).toBe('CONFLICT');
    expect(await getDb().user.findMany({ where: { email: created.email }, select: { name: true } })).toEqual([{ name: 'Made by hand' }]);
    expect((await invitesFor(created.email))[0]!.usedAt).toBeNull();
  });

  it('creates exactly one account when the same link is submitted twice at once', async () => {
    const { admin, project } = await setup();
    const created = await invite(admin, { projectId: project.id, email: uniqueEmail() });

    const lock = { sql: 'SELECT id FROM invites WHERE "tokenHash" = $1 FOR UPDATE', values: [hashToken(created.token)] };
    const results = await raceBehindLock(lock, 2, () => [accept(created.token, 'Tab one'), accept(created.token, 'Tab two')]);

    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    const reason: unknown = rejected[0]?.reason;
    expect(reason).toBeInstanceOf(AppError);
    expect(['GONE', 'CONFLICT']).toContain((reason as AppError).code);
    const users = await getDb().user.findMany({ where: { email: created.email }, select: { id: true } });
    expect(users).toHaveLength(1);
    expect(await getDb().membership.count({ where: { userId: users[0]!.id, projectId: project.id } })).toBe(1);
    expect(await getDb().auditEvent.count({ where: { action: 'invite.accept', targetId: (await invitesFor(created.email))[0]!.id } })).toBe(
      1,
    );
  });
});
