/**
 * The test OpenID Provider (tests/helpers/oidc-provider.ts) that the e2e run points the app at:
 * discovery, PKCE required, and ID tokens carrying the typed-in email, name and groups. The app's own
 * handling of the flow (next-auth, openid-client) is proved in Chromium by e2e/sso.spec.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcProvider, TEST_CLIENT_ID, TEST_CLIENT_SECRET, type OidcTestProvider } from '../helpers/oidc-provider';

const REDIRECT = 'http://127.0.0.1:9/api/auth/callback/oidc';
let idp: OidcTestProvider;

beforeAll(async () => {
  idp = await startOidcProvider({ redirectUris: [REDIRECT] });
});
afterAll(async () => idp?.close());

/** A cookie jar small enough for one flow: every cookie sent on every request. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    async fetch(url: string, init: RequestInit = {}) {
      const res = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      return res;
    },
  };
}

function authUrl(params: Record<string, string>) {
  const url = new URL(`${idp.issuer}/auth`);
  const all = { client_id: TEST_CLIENT_ID, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid email profile groups', ...params };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.toString();
}

/** The whole authorization code flow with PKCE as a browser and a client would run it; the ID token's claims. */
async function signIn(form: Record<string, string>) {
  const browser = jar();
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  let res = await browser.fetch(authUrl({ state: 'st-1', nonce: 'n-1', code_challenge: challenge, code_challenge_method: 'S256' }));
  expect(res.status).toBe(303);
  const interaction = new URL(res.headers.get('location')!, idp.issuer).toString();
  expect(await (await browser.fetch(interaction)).text()).toContain('Test identity provider');
  res = await browser.fetch(interaction, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  let location = res.headers.get('location')!;
  while (!location.startsWith(REDIRECT)) {
    res = await browser.fetch(new URL(location, idp.issuer).toString());
    location = res.headers.get('location')!;
  }
  const back = new URL(location);
  expect(back.searchParams.get('state')).toBe('st-1');
  const token = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${TEST_CLIENT_ID}:${TEST_CLIENT_SECRET}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code')!,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }),
  });
  const body = (await token.json()) as { id_token?: string };
  expect(token.status, JSON.stringify(body)).toBe(200);
  return JSON.parse(Buffer.from(body.id_token!.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('the test OpenID Provider', () => {
  it('publishes a discovery document with S256 PKCE and a JWKS', async () => {
    const doc = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(idp.issuer);
    expect(doc.code_challenge_methods_supported).toContain('S256');
    const jwks = (await (await fetch(String(doc.jwks_uri))).json()) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(['test-key']);
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('refuses an authorization request without PKCE', async () => {
    const res = await jar().fetch(authUrl({ state: 's' }));
    const location = new URL(res.headers.get('location')!, idp.issuer);
    expect(location.toString().startsWith(REDIRECT)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('signs in the typed-in person: email, name, verified flag and groups in the ID token', async () => {
    const claims = await signIn({ email: 'lead@idp.test', name: 'Lee Lead', groups: 'lab-leads, other' });
    expect(claims).toMatchObject({
      iss: idp.issuer,
      aud: TEST_CLIENT_ID,
      sub: 'lead@idp.test',
      nonce: 'n-1',
      email: 'lead@idp.test',
      email_verified: true,
      name: 'Lee Lead',
      groups: ['lab-leads', 'other'],
    });
    const unverified = await signIn({ email: 'who@idp.test', unverified: '1' });
    expect(unverified).toMatchObject({ email: 'who@idp.test', email_verified: false, groups: [] });
    expect(idp.stats().authorizations.at(-1)).toEqual({ clientId: TEST_CLIENT_ID, codeChallengeMethod: 'S256', state: true, nonce: true });
  });
});
