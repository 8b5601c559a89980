import type { OidcRefusal } from '@/lib/auth/sign-in-with-oidc';

const REFUSALS: readonly OidcRefusal[] = ['SsoNoEmail', 'SsoEmailUnverified', 'SsoDomain', 'SsoDeactivated', 'SsoNotLinkable'];

/**
 * The catalogue key (namespace Login.ssoErrors, messages/<locale>.json) of the sentence for the
 * `error` next-auth or the single sign-on put in the login page's URL; null for none. next-auth's
 * own codes (OAuthSignin, OAuthCallback, AccessDenied, …) get one general sentence.
 */
export function signInErrorKey(code: string | undefined): OidcRefusal | 'SsoFailed' | null {
  if (!code || code === 'SessionRequired') return null;
  return (REFUSALS as readonly string[]).includes(code) ? (code as OidcRefusal) : 'SsoFailed';
}
