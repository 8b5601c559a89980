import { getDb, type Tx } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { verifyPassword } from '@/lib/auth/password';
import type { TRole } from '@/lib/auth/schemas';

export type AuthenticatedUser = { id: string; email: string; name: string; role: TRole; sessionVersion: number };

const INVALID = 'Invalid email or password';

/** An address that signed in to an account within this many days is "known" to that account. */
export const KNOWN_ADDRESS_DAYS = 90;

/**
 * Checks credentials with rate limits per account and per client IP, counted in the database so
 * every app instance sees the same counts. Advisory locks on both keys serialise concurrent
 * attempts, so N parallel guesses cannot all slip under the limit.
 *
 * A lock cannot be used by strangers to keep the owner out: an address that signed in to the
 * account successfully within KNOWN_ADDRESS_DAYS is still let through while the account (or the
 * address, e.g. a shared proxy) is over its limit, as long as that account-and-address pair has
 * itself failed fewer than LOGIN_MAX_FAILURES_PER_ACCOUNT times in the window. Strangers, who
 * sign in from other addresses, keep the per-account limit as before.
 */
export async function authenticate(options: { email: string; password: string; ip: string }): Promise<AuthenticatedUser> {
  const env = getEnv();
  const email = options.email.trim().toLowerCase();
  const since = new Date(Date.now() - env.LOGIN_WINDOW_MINUTES * 60_000);

  // The transaction records the attempt and returns the outcome; throwing inside would roll the record back.
  const outcome = await getDb().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(1, hashtext(${email}))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(2, hashtext(${options.ip}))`;

      const [byAccount, byIp] = await Promise.all([
        tx.loginAttempt.count({ where: { email, outcome: 'FAILURE', createdAt: { gte: since } } }),
        tx.loginAttempt.count({ where: { ip: options.ip, outcome: 'FAILURE', createdAt: { gte: since } } }),
      ]);
      const limited = byAccount >= env.LOGIN_MAX_FAILURES_PER_ACCOUNT || byIp >= env.LOGIN_MAX_FAILURES_PER_IP;
      if (limited && !(await isKnownAddress(tx, { email, ip: options.ip, since, maxFailures: env.LOGIN_MAX_FAILURES_PER_ACCOUNT }))) {
        await tx.loginAttempt.create({ data: { email, ip: options.ip, outcome: 'BLOCKED' } });
        return {
          error: new AppError('RATE_LIMITED', `Too many failed sign-in attempts. Try again in ${env.LOGIN_WINDOW_MINUTES} minutes.`),
        };
      }

      const user = await tx.user.findUnique({
        where: { email },
        select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true, sessionVersion: true },
      });
      const ok = await verifyPassword(user?.passwordHash ?? null, options.password);
      if (!user || !ok) {
        await tx.loginAttempt.create({ data: { email, ip: options.ip, outcome: 'FAILURE' } });
        return { error: new AppError('UNAUTHENTICATED', INVALID) };
      }
      if (!user.active) {
        await tx.loginAttempt.create({ data: { email, ip: options.ip, outcome: 'FAILURE' } });
        return { error: new AppError('FORBIDDEN', 'This account is deactivated. Ask an administrator to reactivate it.') };
      }
      await tx.loginAttempt.create({ data: { email, ip: options.ip, outcome: 'SUCCESS' } });
      const authenticated: AuthenticatedUser = {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        sessionVersion: user.sessionVersion,
      };
      return { user: authenticated };
    },
    { timeout: 15_000 },
  );
  if ('error' in outcome) throw outcome.error;
  return outcome.user;
}

/** True when `ip` signed in to `email` within KNOWN_ADDRESS_DAYS and that pair failed fewer than `maxFailures` times since `since`. */
async function isKnownAddress(tx: Tx, options: { email: string; ip: string; since: Date; maxFailures: number }): Promise<boolean> {
  const knownSince = new Date(Date.now() - KNOWN_ADDRESS_DAYS * 86_400_000);
  const [success, pairFailures] = await Promise.all([
    tx.loginAttempt.findFirst({
      where: { email: options.email, ip: options.ip, outcome: 'SUCCESS', createdAt: { gte: knownSince } },
      select: { id: true },
    }),
    tx.loginAttempt.count({ where: { email: options.email, ip: options.ip, outcome: 'FAILURE', createdAt: { gte: options.since } } }),
  ]);
  return success !== null && pairFailures < options.maxFailures;
}
