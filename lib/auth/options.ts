import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { authenticate } from '@/lib/auth/authenticate';
import { clientIp } from '@/lib/auth/client-ip';
import { oidcProviders, oidcSignIn, refusePasswordSignInWhenOff } from '@/lib/auth/oidc-provider';
import { ZSignIn, type TRole } from '@/lib/auth/schemas';
import { studyCredentialsProvider } from '@/lib/auth/study-provider';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { isAppError } from '@/lib/errors';
import { log } from '@/lib/log';
import { storable } from '@/lib/validation/storable';

declare module 'next-auth' {
  interface Session {
    user: { id: string; email: string; name: string; role: TRole; sv: number };
  }
  interface User {
    id: string;
    role: TRole;
    sessionVersion: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: TRole;
    sv?: number;
  }
}

let cached: NextAuthOptions | undefined;

/** next-auth configuration, built on first use so that `next build` needs no secret. */
export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  cached = {
    secret: getEnv().NEXTAUTH_SECRET,
    // JWT sessions; every request still re-reads the user (lib/auth/session.ts), so a
    // deactivation or role change takes effect at once.
    session: { strategy: 'jwt', maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          await refusePasswordSignInWhenOff();
          const parsed = storable(ZSignIn).safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'Invalid input');
          try {
            const user = await authenticate({ ...parsed.data, ip: clientIp(req.headers ?? {}) });
            return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
          } catch (error) {
            // next-auth hands the message of a thrown error to the sign-in form.
            if (isAppError(error)) throw new Error(error.message);
            log.error('sign-in failed unexpectedly', { error });
            throw new Error('Sign-in is unavailable right now. Try again shortly.');
          }
        },
      }),
      studyCredentialsProvider(),
      ...oidcProviders(),
    ],
    callbacks: {
      signIn: oidcSignIn,
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        if (token.uid && token.role) {
          session.user = { id: token.uid, email: token.email ?? '', name: token.name ?? '', role: token.role, sv: token.sv ?? -1 };
        }
        return session;
      },
    },
    events: {
      // A JWT stays valid until it expires, wherever a copy of the cookie went. Bumping the session
      // version on sign-out makes every copy useless at once (session.ts compares it on each
      // request); the price: signing out on one device signs the user out on the others too.
      async signOut({ token }) {
        if (!token?.uid || typeof token.sv !== 'number') return;
        await getDb().user.updateMany({ where: { id: token.uid, sessionVersion: token.sv }, data: { sessionVersion: { increment: 1 } } });
      },
    },
    logger: {
      error: (code, metadata) => log.error('next-auth error', { code, metadata: String(metadata) }),
      warn: (code) => log.warn('next-auth warning', { code }),
      debug: () => undefined,
    },
  };
  return cached;
}
