import type { CallbacksOptions, User } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getOidcConfig, OIDC_PROVIDER_ID } from '@/lib/auth/oidc-config';
import { getPasswordSignIn } from '@/lib/auth/password-sign-in';
import { signInWithOidc } from '@/lib/auth/sign-in-with-oidc';
import { log } from '@/lib/log';

type Claims = Record<string, unknown> & { sub: string; email?: string; name?: string };

/**
 * The single sign-on provider when OIDC_ISSUER is set (none otherwise): OpenID Connect discovery
 * from the issuer, authorization code flow with PKCE, state and nonce, the ID token verified by
 * openid-client (signature from the issuer's JWKS, iss, aud, exp, nonce) and its claims read.
 */
export function oidcProviders(): OAuthConfig<Claims>[] {
  const config = getOidcConfig();
  if (!config) return [];
  return [
    {
      id: OIDC_PROVIDER_ID,
      name: config.name,
      type: 'oauth',
      wellKnown: `${config.issuer}/.well-known/openid-configuration`,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authorization: { params: { scope: config.scopes } },
      checks: ['pkce', 'state', 'nonce'],
      idToken: true,
      // Placeholders until oidcSignIn (below) replaces them with the account's own values.
      profile: (claims) => ({
        id: claims.sub,
        email: claims.email ?? '',
        name: claims.name ?? '',
        role: config.defaultRole,
        sessionVersion: -1,
      }),
    },
  ];
}

/**
 * next-auth's signIn callback: single sign-ons go through signInWithOidc (a refusal goes back to the
 * login page with its code); password sign-ins pass (the Credentials provider checks them itself).
 *
 * next-auth 4 without a database adapter hands this same `user` object to the jwt callback, which
 * copies id, role and sessionVersion into the session token: overwriting the placeholders here
 * makes the session the account's, checked against its sessionVersion on every request like any other.
 */
export const oidcSignIn: CallbacksOptions['signIn'] = async ({ user, account, profile }) => {
  if (account?.provider !== OIDC_PROVIDER_ID) return true;
  const config = getOidcConfig();
  if (!config || !profile) return '/login?error=OAuthCallback';
  const outcome = await signInWithOidc({ claims: profile as Record<string, unknown>, config });
  if (!outcome.ok) {
    log.info('single sign-on refused', { refusal: outcome.refusal });
    return `/login?error=${outcome.refusal}`;
  }
  Object.assign(user as User, outcome.user);
  return true;
};

/** Thrown by the Credentials provider when an admin turned password sign-in off (the message reaches the form). */
export async function refusePasswordSignInWhenOff(): Promise<void> {
  if (!(await getPasswordSignIn()).enabled) throw new Error('Password sign-in is turned off: sign in with single sign-on.');
}
