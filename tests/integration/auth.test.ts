/**
 * authenticate() against a real PostgreSQL: outcomes recorded in login_attempts, the per-account
 * and per-IP limits, the window, and the advisory locks under parallel attempts. Each test uses
 * its own IP string and accounts so the counts of one test never reach another.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildUser } from '@/lib/builders';
import { refusal } from '../helpers/refusal';
import { authenticate } from '@/lib/auth/authenticate';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { setUserActive } from '@/lib/users/set-user-active';

const PASSWORD = 'correct horse battery staple';
const WRONG = 'not the password at all';

const uniqueIp = () => `test-${randomUUID()}`;

async function outcomes(where: { email?: string; ip?: string }) {
  const rows = await getDb().loginAttempt.findMany({ where, orderBy: { id: 'asc' }, select: { email: true, ip: true, outcome: true } });
  return rows;
}

async function countByOutcome(where: { email?: string; ip?: string }) {
  const rows = await outcomes(where);
  return {
    SUCCESS: rows.filter((r) => r.outcome === 'SUCCESS').length,
    FAILURE: rows.filter((r) => r.outcome === 'FAILURE').length,
    BLOCKED: rows.filter((r) => r.outcome === 'BLOCKED').length,
  };
}

describe('authenticate', () => {
  it('returns the user and records SUCCESS for the right password', async () => {
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();

    const result = await authenticate({ email: user.email, password: PASSWORD, ip });

    expect(result).toEqual({ id: user.id, email: user.email, name: 'Auth Test', role: 'LABELER', sessionVersion: 0 });
    expect(await outcomes({ ip })).toEqual([{ email: user.email, ip, outcome: 'SUCCESS' }]);
  });

  it('refuses a wrong password with UNAUTHENTICATED and records FAILURE', async () => {
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();

    const error = await refusal(authenticate({ email: user.email, password: WRONG, ip }));

    expect(error.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('Invalid email or password');
    expect(await outcomes({ ip })).toEqual([{ email: user.email, ip, outcome: 'FAILURE' }]);
  });

  it('gives an unknown email exactly the same error as a wrong password, and records FAILURE', async () => {
    const known = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();
    const unknownEmail = `nobody-${randomUUID()}@example.com`;

    const wrongPassword = await refusal(authenticate({ email: known.email, password: WRONG, ip }));
    const unknown = await refusal(authenticate({ email: unknownEmail, password: WRONG, ip }));

    expect({ code: unknown.code, message: unknown.message, fieldErrors: unknown.fieldErrors }).toEqual({
      code: wrongPassword.code,
      message: wrongPassword.message,
      fieldErrors: wrongPassword.fieldErrors,
    });
    expect(unknown.code).toBe('UNAUTHENTICATED');
    expect(await outcomes({ email: unknownEmail })).toEqual([{ email: unknownEmail, ip, outcome: 'FAILURE' }]);
  });

  it('blocks the account after the limit of failures, even with the correct password', async () => {
    const limit = getEnv().LOGIN_MAX_FAILURES_PER_ACCOUNT;
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();

    for (let i = 0; i < limit; i++) {
      // Every attempt up to the limit is judged on the password, not blocked.
      expect((await refusal(authenticate({ email: user.email, password: WRONG, ip }))).code).toBe('UNAUTHENTICATED');
    }
    const blocked = await refusal(authenticate({ email: user.email, password: PASSWORD, ip }));

    expect(blocked.code).toBe('RATE_LIMITED');
    expect(blocked.message).toMatch(/Too many failed sign-in attempts/);
    expect(await countByOutcome({ email: user.email })).toEqual({ SUCCESS: 0, FAILURE: limit, BLOCKED: 1 });
  });

  it('still accepts the correct password one failure short of the account limit', async () => {
    const limit = getEnv().LOGIN_MAX_FAILURES_PER_ACCOUNT;
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();

    for (let i = 0; i < limit - 1; i++) await refusal(authenticate({ email: user.email, password: WRONG, ip }));

    await expect(authenticate({ email: user.email, password: PASSWORD, ip })).resolves.toMatchObject({ id: user.id });
    expect(await countByOutcome({ email: user.email })).toEqual({ SUCCESS: 1, FAILURE: limit - 1, BLOCKED: 0 });
  });

  it('blocks an IP after the per-IP limit of failures across different accounts, but not other IPs', async () => {
    const { LOGIN_MAX_FAILURES_PER_IP: ipLimit, LOGIN_MAX_FAILURES_PER_ACCOUNT: accountLimit } = getEnv();
    const ip = uniqueIp();
    // Spread the failures so no single account reaches its own limit.
    const perAccount = accountLimit - 1;
    const accounts = await Promise.all(
      Array.from({ length: Math.ceil(ipLimit / perAccount) }, () => buildUser({ name: 'Auth Test', password: PASSWORD })),
    );
    for (let i = 0; i < ipLimit; i++) {
      const account = accounts[Math.floor(i / perAccount)]!;
      expect((await refusal(authenticate({ email: account.email, password: WRONG, ip }))).code).toBe('UNAUTHENTICATED');
    }
    const fresh = await buildUser({ name: 'Auth Test', password: PASSWORD });

    const blocked = await refusal(authenticate({ email: fresh.email, password: PASSWORD, ip }));

    expect(blocked.code).toBe('RATE_LIMITED');
    expect(await countByOutcome({ ip })).toEqual({ SUCCESS: 0, FAILURE: ipLimit, BLOCKED: 1 });
    expect(await outcomes({ email: fresh.email })).toEqual([{ email: fresh.email, ip, outcome: 'BLOCKED' }]);
    // The same account from another address is judged on its password alone.
    await expect(authenticate({ email: fresh.email, password: PASSWORD, ip: uniqueIp() })).resolves.toMatchObject({ id: fresh.id });
  });

  it('does not count failures older than the window', async () => {
    const { LOGIN_WINDOW_MINUTES: windowMinutes, LOGIN_MAX_FAILURES_PER_ACCOUNT: limit } = getEnv();
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();
    const old = new Date(Date.now() - (windowMinutes + 1) * 60_000);
    await getDb().loginAttempt.createMany({
      data: Array.from({ length: limit }, () => ({ email: user.email, ip, outcome: 'FAILURE' as const, createdAt: old })),
    });

    await expect(authenticate({ email: user.email, password: PASSWORD, ip })).resolves.toMatchObject({ id: user.id });
  });

  it('counts failures inside the window together with new ones', async () => {
    const { LOGIN_WINDOW_MINUTES: windowMinutes, LOGIN_MAX_FAILURES_PER_ACCOUNT: limit } = getEnv();
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();
    const old = new Date(Date.now() - (windowMinutes + 1) * 60_000);
    const recent = new Date(Date.now() - (windowMinutes - 1) * 60_000);
    await getDb().loginAttempt.createMany({
      data: [
        ...Array.from({ length: limit }, () => ({ email: user.email, ip, outcome: 'FAILURE' as const, createdAt: old })),
        ...Array.from({ length: limit - 1 }, () => ({ email: user.email, ip, outcome: 'FAILURE' as const, createdAt: recent })),
      ],
    });

    // limit - 1 recent failures: one more wrong guess is still judged on the password...
    expect((await refusal(authenticate({ email: user.email, password: WRONG, ip }))).code).toBe('UNAUTHENTICATED');
    // ...and that one reaches the limit.
    expect((await refusal(authenticate({ email: user.email, password: PASSWORD, ip }))).code).toBe('RATE_LIMITED');
  });

  it('lets exactly the limit of parallel wrong attempts through and blocks the rest', async () => {
    const limit = getEnv().LOGIN_MAX_FAILURES_PER_ACCOUNT;
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();

    const results = await Promise.allSettled(
      Array.from({ length: 2 * limit }, () => authenticate({ email: user.email, password: WRONG, ip })),
    );

    const codes = results.map((r) =>
      r.status === 'rejected' && r.reason instanceof AppError ? r.reason.code : String(r.status === 'rejected' ? r.reason : 'fulfilled'),
    );
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(limit);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(limit);
    expect(await countByOutcome({ email: user.email })).toEqual({ SUCCESS: 0, FAILURE: limit, BLOCKED: limit });
  });

  it('refuses a deactivated account with FORBIDDEN for the right password, and hides it for a wrong one', async () => {
    const user = await buildUser({ name: 'Auth Test', password: PASSWORD });
    await setUserActive({ actorId: null, input: { userId: user.id, active: false } });
    const ip = uniqueIp();

    const forbidden = await refusal(authenticate({ email: user.email, password: PASSWORD, ip }));
    const wrong = await refusal(authenticate({ email: user.email, password: WRONG, ip }));

    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.message).toMatch(/deactivated/);
    expect(wrong.code).toBe('UNAUTHENTICATED');
    expect(wrong.message).toBe('Invalid email or password');
    expect(await countByOutcome({ email: user.email })).toEqual({ SUCCESS: 0, FAILURE: 2, BLOCKED: 0 });
  });

  it('matches emails case-insensitively, and counts failures under any spelling against one account', async () => {
    const local = `Case-${randomUUID()}`;
    const user = await buildUser({ email: `${local}@Example.COM`, name: 'Auth Test', password: PASSWORD });
    const ip = uniqueIp();
    expect(user.email).toBe(`${local.toLowerCase()}@example.com`);

    await expect(authenticate({ email: `  ${user.email.toUpperCase()} `, password: PASSWORD, ip })).resolves.toMatchObject({ id: user.id });
    await refusal(authenticate({ email: `${local.toUpperCase()}@EXAMPLE.com`, password: WRONG, ip }));

    expect(await outcomes({ ip })).toEqual([
      { email: user.email, ip, outcome: 'SUCCESS' },
      { email: user.email, ip, outcome: 'FAILURE' },
    ]);
  });
});
