import type { OidcRefusal } from '@/lib/auth/sign-in-with-oidc';

const REFUSALS: Record<OidcRefusal, string> = {
  SsoNoEmail: 'Your identity provider sent no email address, so no account can be found for you. Ask your administrator.',
  SsoEmailUnverified: 'Your identity provider has not verified your email address. Verify it there, then sign in again.',
  SsoDomain: 'Accounts from your email domain may not sign in here.',
  SsoDeactivated: 'This account is deactivated. Ask an administrator to reactivate it.',
  SsoNotLinkable: 'This email belongs to an account that cannot sign in.',
};

/**
 * The sentence for the `error` next-auth or the single sign-on put in the login page's URL; null for
 * none. next-auth's own codes (OAuthSignin, OAuthCallback, AccessDenied, …) get one general sentence.
 */
export function signInErrorMessage(code: string | undefined): string | null {
  if (!code) return null;
  if (code in REFUSALS) return REFUSALS[code as OidcRefusal];
  if (code === 'SessionRequired') return null;
  return 'Single sign-on did not complete. Try again, or ask your administrator if it keeps failing.';
}
