/**
 * Account management against a real PostgreSQL: createUser, setUserRole, setUserActive (with the
 * last-admin guard) and findUsers, checked through the rows they leave, audit rows included.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildUser } from '@/lib/builders';
import { refusal } from '../helpers/refusal';
import { verifyPassword } from '@/lib/auth/password';
import type { TRole } from '@/lib/auth/schemas';
import { getDb } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { createUser } from '@/lib/users/create-user';
import { findUsers } from '@/lib/users/find-users';
import { ZCreateUser } from '@/lib/users/schemas';
import { setUserActive } from '@/lib/users/set-user-active';
import { setUserRole } from '@/lib/users/set-user-role';
import { raceBehindLock } from '../helpers/race-behind-lock';

const PASSWORD = 'a long enough password';

const uniqueEmail = (tag: string) => `${tag}-${randomUUID()}@example.com`;

function newUser(role: TRole, extra: { email?: string; password?: string } = {}) {
  return createUser({
    actorId: null,
    input: ZCreateUser.parse({ email: extra.email ?? uniqueEmail(role.toLowerCase()), name: 'Test User', role, password: extra.password }),
  });
}

const userRow = (id: string) =>
  getDb().user.findUniqueOrThrow({ where: { id }, select: { role: true, active: true, sessionVersion: true } });

const auditRows = (targetId: string) =>
  getDb().auditEvent.findMany({
    where: { targetId },
    orderBy: { id: 'asc' },
    select: { actorId: true, action: true, targetType: true, targetId: true, data: true },
  });

/** Leaves `userId` as the only active administrator in this file's database. */
async function makeOnlyActiveAdmin(userId: string) {
  await getDb().user.updateMany({ where: { role: 'ADMIN', active: true, id: { not: userId } }, data: { active: false } });
  expect(await getDb().user.findMany({ where: { role: 'ADMIN', active: true }, select: { id: true } })).toEqual([{ id: userId }]);
}

describe('createUser', () => {
  it('stores the email lower-cased and only an argon2id hash of the password, and audits the creation', async () => {
    const actor = await buildUser({ role: 'ADMIN', password: null });
    const local = `New-${randomUUID()}`;
    const input = ZCreateUser.parse({ email: ` ${local}@Example.COM `, name: ' Ada ', role: 'LEAD', password: PASSWORD });

    const created = await createUser({ actorId: actor.id, input });

    const email = `${local.toLowerCase()}@example.com`;
    expect(created).toEqual({ id: expect.any(String), email, name: 'Ada', role: 'LEAD', active: true });
    const row = await getDb().user.findUniqueOrThrow({
      where: { id: created.id },
      select: { email: true, passwordHash: true, sessionVersion: true },
    });
    expect(row.email).toBe(email);
    expect(row.sessionVersion).toBe(0);
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, `${PASSWORD}!`)).toBe(false);
    expect(await auditRows(created.id)).toEqual([
      { actorId: actor.id, action: 'user.create', targetType: 'user', targetId: created.id, data: { email, role: 'LEAD' } },
    ]);
  });

  it('creates an account without a password when none is given, which findUsers reports without exposing hashes', async () => {
    const created = await newUser('LABELER');
    const withPassword = await newUser('LABELER', { password: PASSWORD });

    const row = await getDb().user.findUniqueOrThrow({ where: { id: created.id }, select: { passwordHash: true } });
    expect(row.passwordHash).toBeNull();
    const listed = await findUsers();
    expect(listed.find((u) => u.id === created.id)).toMatchObject({ email: created.email, hasPassword: false });
    expect(listed.find((u) => u.id === withPassword.id)).toMatchObject({ email: withPassword.email, hasPassword: true });
    for (const user of listed) expect(user).not.toHaveProperty('passwordHash');
  });

  it('refuses a taken email (in any case) with CONFLICT on the email field and creates no second row', async () => {
    const first = await newUser('LABELER', { password: PASSWORD });

    const error = await refusal(newUser('LEAD', { email: first.email.toUpperCase(), password: 'another password' }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/already exists/);
    expect(error.fieldErrors).toEqual({ email: [expect.any(String)] });
    const rows = await getDb().user.findMany({
      where: { email: { equals: first.email, mode: 'insensitive' } },
      select: { id: true, role: true },
    });
    expect(rows).toEqual([{ id: first.id, role: 'LABELER' }]);
    expect(await getDb().auditEvent.count({ where: { action: 'user.create', data: { path: ['email'], equals: first.email } } })).toBe(1);
  });
  it('refuses with CONFLICT on the email field when the same email is committed while the create is in flight', async () => {
    const email = uniqueEmail('race');
    // The other insert is uncommitted when createUser looks for the email, so only the unique index can catch it.
    const insertOther = {
      sql: `INSERT INTO users (email, name, role, "updatedAt") VALUES ($1, 'Other tab', 'LABELER', now())`,
      values: [email],
    };

    const [result] = await raceBehindLock(insertOther, 1, () => [newUser('LEAD', { email })]);

    expect(result?.status).toBe('rejected');
    const reason: unknown = result?.status === 'rejected' ? result.reason : undefined;
    expect(reason).toMatchObject({ code: 'CONFLICT', fieldErrors: { email: [expect.any(String)] } });
    expect(reason).toBeInstanceOf(AppError);
    expect(await getDb().user.findMany({ where: { email }, select: { name: true } })).toEqual([{ name: 'Other tab' }]);
  });
});

describe('setUserRole', () => {
  it('changes the role, ends sessions by bumping sessionVersion, and audits from and to', async () => {
    const actor = await buildUser({ role: 'ADMIN', password: null });
    const user = await buildUser({ role: 'LABELER', password: null });

    const updated = await setUserRole({ actorId: actor.id, input: { userId: user.id, role: 'RESEARCHER' } });

    expect(updated).toEqual({ id: user.id, role: 'RESEARCHER' });
    expect(await userRow(user.id)).toEqual({ role: 'RESEARCHER', active: true, sessionVersion: 1 });
    expect((await auditRows(user.id)).filter((e) => e.action === 'user.role.set')).toEqual([
      { actorId: actor.id, action: 'user.role.set', targetType: 'user', targetId: user.id, data: { from: 'LABELER', to: 'RESEARCHER' } },
    ]);
  });

  it('leaves the account and the audit log alone when the role is unchanged', async () => {
    const user = await buildUser({ role: 'LEAD', password: null });

    await setUserRole({ actorId: null, input: { userId: user.id, role: 'LEAD' } });

    expect(await userRow(user.id)).toEqual({ role: 'LEAD', active: true, sessionVersion: 0 });
    expect((await auditRows(user.id)).map((e) => e.action)).toEqual(['user.create']);
  });

  it('refuses an unknown user with NOT_FOUND', async () => {
    expect((await refusal(setUserRole({ actorId: null, input: { userId: randomUUID(), role: 'LEAD' } }))).code).toBe('NOT_FOUND');
  });

  it('refuses to demote the last active administrator, and allows it once another admin exists', async () => {
    const admin = await buildUser({ role: 'ADMIN', password: null });
    await makeOnlyActiveAdmin(admin.id);

    const error = await refusal(setUserRole({ actorId: admin.id, input: { userId: admin.id, role: 'LEAD' } }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/last active administrator/);
    expect(await userRow(admin.id)).toEqual({ role: 'ADMIN', active: true, sessionVersion: 0 });
    expect((await auditRows(admin.id)).map((e) => e.action)).toEqual(['user.create']);

    await buildUser({ role: 'ADMIN', password: null });
    await setUserRole({ actorId: admin.id, input: { userId: admin.id, role: 'LEAD' } });
    expect(await userRow(admin.id)).toEqual({ role: 'LEAD', active: true, sessionVersion: 1 });
  });

  it('lets only one of two concurrent demotions of the last two admins through', async () => {
    const a = await buildUser({ role: 'ADMIN', password: null });
    await makeOnlyActiveAdmin(a.id);
    const b = await buildUser({ role: 'ADMIN', password: null });

    const results = await raceBehindLock(
      { sql: 'SELECT id FROM users WHERE id = ANY($1::uuid[]) FOR UPDATE', values: [[a.id, b.id]] },
      2,
      () => [
        setUserRole({ actorId: null, input: { userId: a.id, role: 'LABELER' } }),
        setUserRole({ actorId: null, input: { userId: b.id, role: 'LABELER' } }),
      ],
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason instanceof AppError && rejected.reason.code).toBe('CONFLICT');
    expect(await getDb().user.count({ where: { role: 'ADMIN', active: true } })).toBe(1);
  });
});

describe('setUserActive', () => {
  it('deactivates an account, bumping sessionVersion and auditing it; reactivating bumps it again', async () => {
    const actor = await buildUser({ role: 'ADMIN', password: null });
    const user = await buildUser({ role: 'LABELER', password: null });

    expect(await setUserActive({ actorId: actor.id, input: { userId: user.id, active: false } })).toEqual({
      id: user.id,
      role: 'LABELER',
      active: false,
    });
    expect(await userRow(user.id)).toEqual({ role: 'LABELER', active: false, sessionVersion: 1 });

    await setUserActive({ actorId: actor.id, input: { userId: user.id, active: true } });
    expect(await userRow(user.id)).toEqual({ role: 'LABELER', active: true, sessionVersion: 2 });

    expect((await auditRows(user.id)).slice(1)).toEqual([
      { actorId: actor.id, action: 'user.deactivate', targetType: 'user', targetId: user.id, data: { released: 0 } },
      { actorId: actor.id, action: 'user.activate', targetType: 'user', targetId: user.id, data: {} },
    ]);
  });

  it('is a no-op (no bump, no audit) when the account is already in that state', async () => {
    const user = await buildUser({ role: 'LABELER', password: null });

    await setUserActive({ actorId: null, input: { userId: user.id, active: true } });

    expect(await userRow(user.id)).toEqual({ role: 'LABELER', active: true, sessionVersion: 0 });
    expect((await auditRows(user.id)).map((e) => e.action)).toEqual(['user.create']);
  });

  it('refuses to deactivate the last active administrator, and allows it once another admin exists', async () => {
    const admin = await buildUser({ role: 'ADMIN', password: null });
    await makeOnlyActiveAdmin(admin.id);

    const error = await refusal(setUserActive({ actorId: admin.id, input: { userId: admin.id, active: false } }));

    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/last active administrator/);
    expect(await userRow(admin.id)).toEqual({ role: 'ADMIN', active: true, sessionVersion: 0 });
    expect((await auditRows(admin.id)).map((e) => e.action)).toEqual(['user.create']);

    await buildUser({ role: 'ADMIN', password: null });
    await setUserActive({ actorId: null, input: { userId: admin.id, active: false } });
    expect(await userRow(admin.id)).toEqual({ role: 'ADMIN', active: false, sessionVersion: 1 });
  });

  it('does not count a deactivated admin as the other administrator', async () => {
    const admin = await buildUser({ role: 'ADMIN', password: null });
    await makeOnlyActiveAdmin(admin.id);
    const inactive = await buildUser({ role: 'ADMIN', password: null });
    await getDb().user.update({ where: { id: inactive.id }, data: { active: false } });

    expect((await refusal(setUserActive({ actorId: null, input: { userId: admin.id, active: false } }))).code).toBe('CONFLICT');
    expect((await refusal(setUserRole({ actorId: null, input: { userId: admin.id, role: 'LEAD' } }))).code).toBe('CONFLICT');
    expect(await userRow(admin.id)).toEqual({ role: 'ADMIN', active: true, sessionVersion: 0 });
  });
});
