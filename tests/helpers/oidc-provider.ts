import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Provider for tests (issue 30 single sign-on), built on the `oidc-provider` package
 * (a certified implementation): discovery, JWKS, authorization code flow with PKCE required, signed
 * ID tokens carrying email, email_verified, name and groups. Nothing here calls another host.
 *
 * Its login page (`/interaction/<uid>`) is a plain form with no password: the person typed in
 * (email, name, groups separated by commas, "email not verified") signs in and consents at once,
 * so a browser test chooses who it is and which groups it holds. The subject is the email.
 *
 * `GET /__stats` (and `stats()`) lists the authorization requests received with their PKCE method
 * and whether they carried state and nonce, so a test can see that the app used them.
 *
 * Run on its own: `npx tsx tests/helpers/oidc-provider.ts --port N --redirect-uri URL` prints
 * `listening <issuer>`; the client is `preflab-test` / `preflab-test-secret`.
 */

export const TEST_CLIENT_ID = 'preflab-test';
export const TEST_CLIENT_SECRET = 'preflab-test-secret';

/** The rest of the e2e app's single sign-on settings (scripts/test.ts adds the issuer and client): groups map to roles, first match wins. */
export const E2E_OIDC_ENV = {
  OIDC_NAME: 'Test IdP',
  OIDC_SCOPES: 'openid email profile groups',
  OIDC_ROLE_CLAIM: 'groups',
  OIDC_ROLE_MAP: 'idp-admins=ADMIN,idp-leads=LEAD,idp-researchers=RESEARCHER',
};

export type TestAccount = { email: string; name: string; groups: string[]; emailVerified: boolean };
export type AuthorizationSeen = { clientId: string | null; codeChallengeMethod: string | null; state: boolean; nonce: boolean };

export type OidcTestProvider = {
  issuer: string;
  /** The app's OIDC_* variables for this provider (OIDC_ROLE_MAP etc. are the caller's). */
  env: { OIDC_ISSUER: string; OIDC_CLIENT_ID: string; OIDC_CLIENT_SECRET: string };
  stats(): { authorizations: AuthorizationSeen[]; logins: string[] };
  close(): Promise<void>;
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, clientId: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test IdP sign-in</title></head><body>
<h1>Test identity provider</h1><p>Signing in to ${escape(clientId)}</p>
<form method="post" action="/interaction/${escape(uid)}">
<label>Email <input name="email" type="email" required></label>
<label>Name <input name="name"></label>
<label>Groups <input name="groups" placeholder="comma separated"></label>
<label><input type="checkbox" name="unverified" value="1"> Email not verified</label>
<button type="submit">Sign in to the test IdP</button>
</form></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the provider on `port` (0: any free port) for a client redirecting to `redirectUris`. */
export async function startOidcProvider(options: { redirectUris: string[]; port?: number; host?: string }): Promise<OidcTestProvider> {
  const host = options.host ?? '127.0.0.1';
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const issuer = `http://${host}:${(server.address() as AddressInfo).port}`;

  const accounts = new Map<string, TestAccount>();
  const authorizations: AuthorizationSeen[] = [];
  const logins: string[] = [];
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const configuration: Configuration = {
    clients: [
      {
        client_id: TEST_CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] as never },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    // The claims of the scopes go into the ID token itself, as Okta, Entra ID and Keycloak do by default.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          email_verified: account.emailVerified,
          name: account.name,
          groups: account.groups,
        }),
      };
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  server.on('request', (req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      if (url.pathname === '/__stats') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ authorizations, logins }));
        return;
      }
      if (url.pathname === '/auth') {
        authorizations.push({
          clientId: url.searchParams.get('client_id'),
          codeChallengeMethod: url.searchParams.get('code_challenge') ? (url.searchParams.get('code_challenge_method') ?? 'plain') : null,
          state: url.searchParams.has('state'),
          nonce: url.searchParams.has('nonce'),
        });
      }
      const match = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
      if (!match) return callback(req, res);
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, String(details.params.client_id)));
        return;
      }
      const form = await readForm(req);
      const email = (form.get('email') ?? '').trim();
      const account: TestAccount = {
        email,
        name: (form.get('name') ?? '').trim(),
        groups: (form.get('groups') ?? '')
          .split(',')
          .map((g) => g.trim())
          .filter(Boolean),
        emailVerified: form.get('unverified') !== '1',
      };
      accounts.set(email, account);
      logins.push(email);
      const grant = new provider.Grant({ accountId: email, clientId: String(details.params.client_id) });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: email }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    })().catch((error: unknown) => {
      console.error('[oidc-provider]', error);
      if (!res.headersSent) res.writeHead(500).end('test provider error');
    });
  });

  return {
    issuer,
    env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: TEST_CLIENT_ID, OIDC_CLIENT_SECRET: TEST_CLIENT_SECRET },
    stats: () => ({ authorizations: [...authorizations], logins: [...logins] }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const redirect = arg('redirect-uri');
  if (!redirect) throw new Error('--redirect-uri URL is required');
  const started = await startOidcProvider({ redirectUris: [redirect], port: Number(arg('port') ?? 0) });
  console.log(`listening ${started.issuer}`);
}
