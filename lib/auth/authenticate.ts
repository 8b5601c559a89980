import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { verifyPassword } from '@/lib/auth/password';
import type { TRole } from '@/lib/auth/schemas';

export type AuthenticatedUser = { id: string; email: string; name: string; role: TRole; sessionVersion: number };

const INVALID = 'Invalid email or password';

/**
 * Checks credentials with rate limits per account and per client IP, counted in the database so
 * every app instance sees the same counts. Advisory locks on both keys serialise concurrent
 * attempts, so N parallel guesses cannot all slip under the limit.
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
      if (byAccount >= env.LOGIN_MAX_FAILURES_PER_ACCOUNT || byIp >= env.LOGIN_MAX_FAILURES_PER_IP) {
        await tx.loginAttempt.create({ data: { email, ip: options.ip, outcome: 'BLOCKED' } });
        return { error: new AppError('RATE_LIMITED', `Too many failed sign-in attempts. Try again in ${env.LOGIN_WINDOW_MINUTES} minutes.`) };
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
