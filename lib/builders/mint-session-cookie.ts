import { encode } from 'next-auth/jwt';
import type { TRole } from '@/lib/auth/schemas';

/**
 * A next-auth session cookie for `user`, minted with the app's secret: what a sign-in would set,
 * without one argon2 verification per account (benchmarks and the reliability suite sign in
 * hundreds of generated labelers). The app still re-reads the user (role, active, sessionVersion)
 * on every request, so a minted session is refused exactly when a real one would be.
 */
export async function mintSessionCookie(options: {
  user: { id: string; email: string; name: string; role: TRole; sessionVersion: number };
  secret: string;
  maxAgeSeconds?: number;
}): Promise<string> {
  const { user } = options;
  const token = await encode({
    token: { sub: user.id, uid: user.id, email: user.email, name: user.name, role: user.role, sv: user.sessionVersion },
    secret: options.secret,
    maxAge: options.maxAgeSeconds ?? 24 * 3600,
  });
  return `next-auth.session-token=${token}`;
}
